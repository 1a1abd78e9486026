package io.symoe.aggregator.learned;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The booster settings {@link StackingTrainer} passes to XGBoost, held against the failure they exist to prevent:
 * XGBoost 1.6 keeping a thread-local prediction cache keyed by the learner's address, which a booster freed on
 * another thread (Java's finalizer, in real runs) leaves behind for the next learner at that address.
 */
class StackingTrainerParametersTest {

    @Test
    void theSettingsAreTribuosTwelveArgumentOnesWithTheFeatureCountStated() {
        Map<String, Object> p = StackingTrainer.parameters(19, 7);
        assertEquals(19, p.get("num_feature"));
        assertEquals(7L, p.get("seed"));
        assertEquals(StackingTrainer.DEPTH, p.get("max_depth"));
        assertEquals(StackingTrainer.ETA, p.get("eta"));
        assertEquals(1, p.get("nthread"));
    }

    /**
     * A wide model trained and freed on another thread, then a narrower one trained here, many times over. Without
     * {@code num_feature} about one in three narrow trainings failed on this machine with "num_feature == num_col_
     * (20 vs. 19)" (the freed learner's address was reused and its cache entry still named the wide matrix); with
     * the stated count none may.
     */
    @Test
    void aBoosterFreedOnAnotherThreadDoesNotLendItsFeatureCountToTheNextOne() throws Exception {
        for (int round = 0; round < 30; round++) {
            DMatrix wide = matrix(100, 20, round);
            DMatrix narrow = matrix(100, 19, round);
            try {
                Booster first = XGBoost.train(wide, binary(StackingTrainer.parameters(20, round)), 2, Map.of(), null, null);
                Thread finalizer = new Thread(first::dispose);
                finalizer.start();
                finalizer.join();
                Booster second;
                try {
                    second = XGBoost.train(narrow, binary(StackingTrainer.parameters(19, round)), 2, Map.of(), null, null);
                } catch (XGBoostError e) {
                    throw new AssertionError("round " + round + ": " + e.getMessage().lines().findFirst().orElse(""), e);
                }
                assertEquals(19, second.getNumFeature());
                second.dispose();
            } finally {
                wide.dispose();
                narrow.dispose();
            }
        }
    }

    /** Tribuo adds the class count itself; XGBoost4J called directly needs it stated. */
    private static Map<String, Object> binary(Map<String, Object> p) {
        Map<String, Object> out = new HashMap<>(p);
        out.put("num_class", 2);
        return out;
    }

    private static DMatrix matrix(int rows, int cols, long seed) throws XGBoostError {
        Random rnd = new Random(seed);
        float[] values = new float[rows * cols];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                values[i * cols + j] = (float) rnd.nextGaussian();
            }
            labels[i] = values[i * cols] > 0 ? 1 : 0;
        }
        DMatrix d = new DMatrix(values, rows, cols, Float.NaN);
        d.setLabel(labels);
        return d;
    }
}
