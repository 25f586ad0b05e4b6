package dev.jackpot.worker.train;

import dev.jackpot.worker.model.InputShape;
import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.model.Network;
import dev.jackpot.worker.model.Networks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A run resumed after epoch t (weight rewinding) continues the full run's schedule and numbering. */
class ResumedRunTest {
    private final Dataset data = Fixtures.synthetic(128, 32, 9);

    private Network build(TrainSettings s) {
        SgdMomentum updater = new SgdMomentum(
                new MapSchedule(ScheduleType.ITERATION, s.lrByIteration(data.trainSize())), s.momentum());
        return Networks.build("lenet300", 0.1, false, new InputShape(1, 28, 28), 10, 5, updater, 0);
    }

    @ParameterizedTest
    @EnumSource(Trainer.Engine.class)
    void theLearningRateContinuesFromEpochTNotFromTheStart(Trainer.Engine engine) {
        // The schedule drops the learning rate to 0 for the second half of a 4-epoch run. Resumed after epoch 2, the
        // run must train at lr 0 and leave the weights where they were; restarting the schedule would move them.
        TrainSettings full = new TrainSettings(0.1, 4, 32, 0.9, 0, List.of(0.5), 0.0, 1);
        TrainSettings resumed = full.resumedAfter(2);
        Network net = build(resumed);
        INDArray start = net.graph().params().dup();
        RunResult run = Trainer.train(net, null, data, resumed, e -> {}, engine);
        assertEquals(List.of(3, 4), run.epochs().stream().map(EpochStats::epoch).toList());
        assertEquals(0.0, run.epochs().get(0).lr());
        assertEquals(start, net.graph().params(), "weights moved at learning rate 0");
        assertEquals(run.bestEpoch() == 3 ? run.epochs().get(0).testAcc() : run.epochs().get(1).testAcc(),
                run.bestAccuracy());

        // Control: resumed into a part of the schedule at lr 0.1 (the drop is at 75%), the same start does move.
        TrainSettings lateDrop = new TrainSettings(0.1, 4, 32, 0.9, 0, List.of(0.75), 0.0, 1).resumedAfter(2);
        Network control = build(lateDrop);
        assertEquals(start, control.graph().params());
        Trainer.train(control, null, data, lateDrop, e -> {}, engine);
        assertNotEquals(start, control.graph().params(), "control: a non-zero part of the schedule does train");
    }
}
