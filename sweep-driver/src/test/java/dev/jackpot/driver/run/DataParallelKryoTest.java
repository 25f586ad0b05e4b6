package dev.jackpot.driver.run;

import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import dev.jackpot.worker.prune.MagnitudePruning;
import dev.jackpot.worker.prune.Mask;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.train.SgdMomentum;
import dev.jackpot.worker.train.TrainSettings;
import dev.jackpot.worker.train.Trainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Kryo advice holds: with {@code spark.serializer} Kryo and {@code spark.kryo.registrator} exactly
 * {@code org.nd4j.kryo.Nd4jRegistrator}, the registrator and its serialisers load from the driver's dependencies
 * (dl4j-spark's jar, nd4j-kryo, kryo-serializers) and a data-parallel run trains as it does with Java
 * serialisation: same weights as the single run up to rounding, pruned weights zero.
 */
class DataParallelKryoTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // A session of another test class would be reused by getOrCreate without Kryo: stop it first.
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void dataParallelTrainingWorksWithKryoAndTheNd4jRegistrator() {
        assertEquals("org.apache.spark.serializer.KryoSerializer", spark.sparkContext().conf().get("spark.serializer"));
        Dataset data = DataParallelTrainerTest.synthetic(200, 100, 5);
        TrainSettings s = new TrainSettings(0.1, 1, 40, 0.9, 1e-4, List.of(0.5), 0.1, 9L);
        Network single = network(s, 200);
        Map<String, INDArray> w = single.weights(single.prunableLayers(List.of("last-dense")));
        Mask m = MagnitudePruning.prune(w, Mask.allAlive(w), 0.5, PruningScope.GLOBAL);
        Trainer.train(single, m, data, s, e -> {});
        Network parallel = network(s, 200);
        new DataParallelTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), 2)
                .train(parallel, m, data, s, e -> {});
        for (String layer : m.layerNames()) {
            INDArray revived = parallel.weights(layer).mul(m.layer(layer).rsub(1)).neq(0);
            assertEquals(0, revived.castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue(), layer);
        }
        double maxDiff = single.graph().params().sub(parallel.graph().params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4, "weights differ by " + maxDiff);
    }

    private static Network network(TrainSettings s, int trainSize) {
        SgdMomentum updater = new SgdMomentum(new MapSchedule(ScheduleType.ITERATION, s.lrByIteration(trainSize)), 0.9);
        return Networks.build("lenet300", 0.1, false, new InputShape(1, 28, 28), 10, 3L, updater, 1e-4);
    }
}
