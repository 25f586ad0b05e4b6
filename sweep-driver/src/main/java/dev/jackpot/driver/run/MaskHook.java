package dev.jackpot.driver.run;

import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.prune.Mask;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a ticket's pruned weights at exactly zero on every dl4j-spark worker: {@code ParameterAveragingTrainingWorker}
 * calls {@link #postUpdate} right after each {@code graph.fit(minibatch)}, on the worker's own copy of the network
 * (dl4j-spark 1.0.0-M2, {@code processMinibatch}), so each step ends with the pruned weights zero, and the average
 * of the workers' weights is zero there too.
 *
 * <p>The mask travels with every Spark task (the hook is serialised into each job's closure), so it is held as one
 * bit per weight, the pruned positions in C order, not as float arrays (32x larger); the INDArrays are rebuilt
 * once per deserialised copy, lazily, in a transient field.
 *
 * <p>Single-executor training also masks the gradient before the updater ({@code MaskEnforcer}); a hook cannot
 * (it runs before and after the whole fit). It does not need to: a pruned position's gradient only moves its own
 * momentum entry and its own weight, which this hook zeroes after the step; no alive weight reads either. So the
 * alive weights follow the same trajectory; only the momentum buffer differs, at pruned positions.
 */
final class MaskHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    /** One layer's mask: the weight parameter's key, its shape, and which positions (C order) are pruned. */
    private record Layer(String paramKey, long[] shape, BitSet pruned) implements java.io.Serializable {}

    private final List<Layer> layers;
    private transient Map<String, INDArray> arrays;

    private MaskHook(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    static MaskHook of(Mask mask) {
        List<Layer> layers = new ArrayList<>();
        for (String name : mask.layerNames()) {
            INDArray m = mask.layer(name);
            float[] values = m.dup('c').data().asFloat();
            BitSet pruned = new BitSet(values.length);
            for (int i = 0; i < values.length; i++) {
                if (values[i] == 0f) {
                    pruned.set(i);
                }
            }
            layers.add(new Layer(name + "_" + Network.WEIGHT, m.shape(), pruned));
        }
        return new MaskHook(layers);
    }

    /** Multiplies each masked weight parameter of {@code model} in place by its mask. */
    void apply(Model model) {
        Map<String, INDArray> masks = masks();
        masks.forEach((key, m) -> {
            INDArray w = model.getParam(key);
            if (w == null) {
                throw new IllegalStateException("the network has no parameter " + key + " to mask");
            }
            w.muli(m);
        });
    }

    private Map<String, INDArray> masks() {
        if (arrays == null) {
            Map<String, INDArray> built = new LinkedHashMap<>();
            for (Layer layer : layers) {
                long n = 1;
                for (long d : layer.shape()) {
                    n *= d;
                }
                float[] values = new float[Math.toIntExact(n)];
                java.util.Arrays.fill(values, 1f);
                for (int i = layer.pruned().nextSetBit(0); i >= 0; i = layer.pruned().nextSetBit(i + 1)) {
                    values[i] = 0f;
                }
                built.put(layer.paramKey(), Nd4j.create(values, layer.shape(), 'c'));
            }
            arrays = built;
        }
        return arrays;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {}

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        apply(model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {}

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        apply(model);
    }
}
