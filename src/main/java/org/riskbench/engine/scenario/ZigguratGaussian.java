package org.riskbench.engine.scenario;

import java.util.SplittableRandom;

/**
 * Standard normal deviates by the ziggurat method of Marsaglia and Tsang, "The Ziggurat Method for Generating
 * Random Variables", J. Stat. Software 5(8), 2000 (128 layers, their tables and tail algorithm). Hand-written
 * because Commons Math 3 has no ziggurat and the scenario hot loop draws one normal per feature per row;
 * {@code Well19937c.nextGaussian()} (Box-Muller with log, sqrt, sin/cos) is several times slower.
 *
 * <p>Following Doornik ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005) the layer index
 * and the value come from independent bits of one 64-bit draw (low 7 bits / high 32 bits), avoiding the
 * correlation of the original 32-bit version. Tables and the tail use {@link StrictMath}, so a seed gives the
 * same stream on every JVM and CPU. Not thread-safe: one instance per scenario.
 */
final class ZigguratGaussian {
    private static final double R = 3.442619855899;
    private static final long[] KN = new long[128];
    private static final double[] WN = new double[128];
    private static final double[] FN = new double[128];

    static {
        final double m1 = 2147483648.0;
        final double vn = 9.91256303526217e-3;
        double dn = R;
        double tn = dn;
        double q = vn / StrictMath.exp(-0.5 * dn * dn);
        KN[0] = (long) ((dn / q) * m1);
        KN[1] = 0;
        WN[0] = q / m1;
        WN[127] = dn / m1;
        FN[0] = 1.0;
        FN[127] = StrictMath.exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = StrictMath.sqrt(-2.0 * StrictMath.log(vn / dn + StrictMath.exp(-0.5 * dn * dn)));
            KN[i + 1] = (long) ((dn / tn) * m1);
            tn = dn;
            FN[i] = StrictMath.exp(-0.5 * dn * dn);
            WN[i] = dn / m1;
        }
    }

    private final SplittableRandom rng;

    ZigguratGaussian(SplittableRandom rng) {
        this.rng = rng;
    }

    /** Next N(0,1) deviate. */
    double next() {
        long bits = rng.nextLong();
        int iz = (int) (bits & 127);
        long hz = (int) (bits >>> 32);
        if (Math.abs(hz) < KN[iz]) {
            return hz * WN[iz];
        }
        return slow(hz, iz);
    }

    private double slow(long hz, int iz) {
        for (;;) {
            double x = hz * WN[iz];
            if (iz == 0) {
                double xx;
                double yy;
                do {
                    xx = -StrictMath.log(uniform()) / R;
                    yy = -StrictMath.log(uniform());
                } while (yy + yy < xx * xx);
                return hz > 0 ? R + xx : -R - xx;
            }
            if (FN[iz] + uniform() * (FN[iz - 1] - FN[iz]) < StrictMath.exp(-0.5 * x * x)) {
                return x;
            }
            long bits = rng.nextLong();
            iz = (int) (bits & 127);
            hz = (int) (bits >>> 32);
            if (Math.abs(hz) < KN[iz]) {
                return hz * WN[iz];
            }
        }
    }

    /** Uniform on (0, 1], safe for log. */
    private double uniform() {
        return 1.0 - rng.nextDouble();
    }
}
