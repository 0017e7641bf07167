package org.riskbench.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Spark context in local[2] for the tests of one class, named after it (no web UI, the driver on the loopback
 * address): started before the class's first test, stopped after its last.
 * {@code @RegisterExtension static final LocalSpark SPARK = new LocalSpark();}
 */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private JavaSparkContext context;

    @Override
    public void beforeAll(ExtensionContext test) {
        context = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName(test.getRequiredTestClass().getSimpleName())
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @Override
    public void afterAll(ExtensionContext test) {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    JavaSparkContext context() {
        return context;
    }
}
