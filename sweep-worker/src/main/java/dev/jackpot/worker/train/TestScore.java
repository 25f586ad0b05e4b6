package dev.jackpot.worker.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;

/**
 * {@link Trainer#evaluate}'s two figures, test loss and accuracy, summed over chunks of a fast step's own softmax
 * output: the mean cross-entropy of the true class with probabilities clamped at 1e-12, and the share of rows whose
 * first largest probability is the true class. The dense and the conv step evaluate through this one definition.
 */
final class TestScore {
    private double lossSum;
    private long correct;
    private long examples;

    /**
     * Adds a chunk.
     *
     * @param probabilities column-major [rows, classes], as the steps' output buffers hold them
     * @param labels        [rows, classes], one-hot (the dataset's rows for this chunk, a view or not)
     */
    void add(FloatBuffer probabilities, INDArray labels) {
        INDArray y = DenseGraphStep.rowMajorFloat(labels);
        int rows = (int) y.rows();
        int classes = (int) y.columns();
        FloatBuffer target = DenseGraphStep.buffer(y);
        for (int r = 0; r < rows; r++) {
            int predicted = 0;
            int truth = 0;
            double trueProbability = 0;
            for (int c = 0; c < classes; c++) {
                float pc = probabilities.get(c * rows + r);
                float yc = target.get(r * classes + c);
                if (pc > probabilities.get(predicted * rows + r)) {
                    predicted = c;
                }
                if (yc > target.get(r * classes + truth)) {
                    truth = c;
                }
                trueProbability += (double) pc * yc;
            }
            // As ND4J clamps (x > y ? x : y): a NaN probability becomes 1e-12, so a diverged run's loss is
            // -ln(1e-12) as through DL4J's layers; Math.max would keep the NaN.
            lossSum -= Math.log(trueProbability > 1e-12 ? trueProbability : 1e-12);
            if (predicted == truth) {
                correct++;
            }
        }
        examples += rows;
        Reference.reachabilityFence(y); // target reads y's native memory
    }

    /** {test loss, test accuracy} over the rows added. */
    double[] lossAndAccuracy() {
        return new double[] {lossSum / examples, (double) correct / examples};
    }
}
