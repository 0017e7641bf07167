package org.riskbench.engine.scoring;

import java.util.SplittableRandom;

/**
 * The threshold policy: tabular Q-learning (Watkins 1989), hand-written (a table and an update rule need
 * no library). A state is (supervised class, anomaly bucket); the actions are the final classes. Each
 * labelled validation row is a one-step episode whose reward is minus the cost of calling a row of true
 * class {@code t} class {@code a}: {@code Q(s,a) += alpha (r - Q(s,a))} with {@code alpha = 1/N(s,a)}, so
 * Q converges to the expected reward of each action in each state. Actions are explored epsilon-greedily
 * (seeded). The table is the policy: the final class is {@code argmax_a Q(s,a)}; a state seen in fewer than
 * {@code minStateRows} validation rows keeps the supervised class (Q values from a handful of rows are noise,
 * and overriding the ensemble on them can flip a whole class, e.g. every {@code limpio} to {@code inusual}).
 *
 * @param bucketEdges ascending anomaly-score edges: bucket b holds scores in [edge[b-1], edge[b])
 * @param q           (classes x buckets) x classes action values
 * @param visits      visits per state (0: unseen or too few rows, the supervised class is kept)
 */
public record QPolicy(double[] bucketEdges, double[][] q, int[] visits) {

    /** @param minStateRows validation rows a state needs before its Q values may override the supervised class */
    public record Config(int epochs, double epsilon, long seed, int minStateRows) {
        public static final int MIN_STATE_ROWS = 30;

        public Config {
            if (minStateRows < 1) {
                throw new org.riskbench.core.InputException("policy min_state_rows must be 1 or more, got " + minStateRows);
            }
        }

        public Config(int epochs, double epsilon, long seed) {
            this(epochs, epsilon, seed, MIN_STATE_ROWS);
        }

        public static Config defaults(long seed) {
            return new Config(30, 0.2, seed, MIN_STATE_ROWS);
        }
    }

    public int buckets() {
        return bucketEdges.length + 1;
    }

    public int bucket(double anomaly) {
        int b = 0;
        while (b < bucketEdges.length && anomaly >= bucketEdges[b]) {
            b++;
        }
        return b;
    }

    public int state(int supervisedClass, double anomaly) {
        return supervisedClass * buckets() + bucket(anomaly);
    }

    /** Learns the table from validation rows: supervised class, anomaly score and true class of each. */
    public static QPolicy learn(int[] supervised, double[] anomaly, int[] truth, int classes, double[] bucketEdges,
                                double[][] cost, Config config) {
        int buckets = bucketEdges.length + 1;
        QPolicy policy = new QPolicy(bucketEdges.clone(), new double[classes * buckets][classes], new int[classes * buckets]);
        int[][] n = new int[classes * buckets][classes];
        int rows = supervised.length;
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        for (int e = 0; e < config.epochs(); e++) {
            double eps = config.epsilon() * (1 - (double) e / config.epochs());
            for (int i = rows - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i : order) {
                int s = policy.state(supervised[i], anomaly[i]);
                policy.visits[s]++;
                int a = rng.nextDouble() < eps || n[s][argmax(policy.q[s])] == 0 ? rng.nextInt(classes) : argmax(policy.q[s]);
                double reward = -cost[truth[i]][a];
                n[s][a]++;
                policy.q[s][a] += (reward - policy.q[s][a]) / n[s][a];
            }
        }
        int[] rowsPerState = new int[classes * buckets];
        for (int i = 0; i < rows; i++) {
            rowsPerState[policy.state(supervised[i], anomaly[i])]++;
        }
        for (int s = 0; s < rowsPerState.length; s++) {
            if (rowsPerState[s] < config.minStateRows()) {
                policy.visits[s] = 0; // too little evidence: keep the supervised class
            }
        }
        // an action never tried in a visited state must not win by its initial 0
        for (int s = 0; s < n.length; s++) {
            for (int a = 0; a < classes; a++) {
                if (n[s][a] == 0) {
                    policy.q[s][a] = -Double.MAX_VALUE;
                }
            }
        }
        return policy;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The final class for a row. */
    public int act(int supervisedClass, double anomaly) {
        int s = state(supervisedClass, anomaly);
        return visits[s] == 0 ? supervisedClass : argmax(q[s]);
    }
}
