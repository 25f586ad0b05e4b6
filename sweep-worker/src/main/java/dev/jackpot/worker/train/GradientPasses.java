package dev.jackpot.worker.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward passes that leave a minibatch's gradient in one flat vector without updating anything: what
 * {@link GradientNorm} needs from the fast steps ({@link DenseGraphStep}, {@link ConvGraphStep}) instead of DL4J's
 * layers.
 */
interface GradientPasses {
    /** Fills {@link #gradient()} for this minibatch; returns its mean cross-entropy. */
    double forwardBackward(INDArray features, INDArray labels);

    /** The gradient of the minibatch's mean cross-entropy (no L2 term), laid out as the graph's flat parameters. */
    INDArray gradient();

    /** The flat 0/1 mask in the same layout: 1 for everything the pruning mask does not cover. */
    INDArray mask();
}
