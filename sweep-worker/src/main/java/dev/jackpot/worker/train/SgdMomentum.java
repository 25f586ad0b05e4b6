package dev.jackpot.worker.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * SGD with classic (heavy-ball) momentum, exactly as PyTorch's {@code torch.optim.SGD(momentum=μ)}:
 * {@code v = μ v + g; θ = θ - lr v}. DL4J ships only Nesterov momentum ({@code Nesterovs}), which is a
 * different update; lottery-ticket recipes and the PyTorch peer use the classic one.
 * Weight decay is not applied here: it is DL4J's L2 regularisation, added to g before this updater runs,
 * which is what PyTorch's {@code weight_decay} does.
 */
public final class SgdMomentum implements IUpdater {
    private double learningRate;
    private ISchedule schedule;
    private final double momentum;

    public SgdMomentum(ISchedule schedule, double momentum) {
        this.schedule = Objects.requireNonNull(schedule);
        this.momentum = momentum;
    }

    public double momentum() {
        return momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Velocity v = new Velocity(this);
        v.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return v;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Velocity v = new Velocity(this);
        v.setState(updaterState, initializeStateArrays);
        return v;
    }

    @Override
    public IUpdater clone() {
        SgdMomentum c = new SgdMomentum(schedule.clone(), momentum);
        c.learningRate = learningRate;
        return c;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return schedule != null ? schedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.schedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SgdMomentum s && s.momentum == momentum && Objects.equals(s.schedule, schedule)
                && s.learningRate == learningRate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(momentum, schedule, learningRate);
    }

    /** The per-block state: one velocity entry per parameter. */
    static final class Velocity implements GradientUpdater<SgdMomentum> {
        private final SgdMomentum config;
        private INDArray v;

        Velocity(SgdMomentum config) {
            this.config = config;
        }

        @Override
        public SgdMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            v = stateMap.get("V");
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("V", v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            v = viewArray.reshape(gradientOrder, gradientShape);
            if (initialize) {
                v.assign(0);
            }
        }

        /** Turns the gradient, in place, into the step DL4J subtracts from the parameters. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            v.muli(config.momentum).addi(gradient);
            gradient.assign(v).muli(lr);
        }
    }
}
