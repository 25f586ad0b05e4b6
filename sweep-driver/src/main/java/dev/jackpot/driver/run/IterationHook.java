package dev.jackpot.driver.run;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Sets a dl4j-spark worker's iteration count to the step being taken, before it takes it.
 *
 * <p>Why: the learning rate is an iteration-based schedule inside the updater ({@code SgdMomentum} with a
 * {@code MapSchedule}), read at the graph configuration's iteration count. A worker builds its network from
 * {@code ComputationGraphConfiguration.clone()} of the broadcast configuration, and in DL4J 1.0.0-M2 {@code clone()}
 * copies neither {@code iterationCount} nor {@code epochCount}: every worker would start at iteration 0 on every
 * averaging round, and the schedule's drops would never happen. The driver's count is right (dl4j-spark adds
 * {@code averagingFrequency} to it after each round), so each step's job carries the step here.
 */
final class IterationHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    private final int iteration;

    IterationHook(int iteration) {
        this.iteration = iteration;
    }

    int iteration() {
        return iteration;
    }

    private void set(Model model) {
        if (!(model instanceof ComputationGraph graph)) {
            throw new IllegalStateException("expected a ComputationGraph, got " + model.getClass().getName());
        }
        graph.getConfiguration().setIterationCount(iteration);
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        set(model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {}

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        set(model);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {}
}
