package dev.jackpot.driver.spec;

import com.typesafe.config.ConfigFactory;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.trial.TicketKind;
import dev.jackpot.worker.trial.TicketSettings;
import dev.jackpot.worker.trial.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.jackpot.driver.spec.SpecFiles.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridTest {
    @TempDir
    Path dir;

    private static final String BIG = """
            grid {
              architecture = [lenet300, resmlp2]
              width = [0.5, 1, 2]
              residual = [false, true]
              lr = [0.1, 0.01]
              seed = [1, 2, 3]
              pruning-method = [imp, omp]
            }
            """;

    private static Set<String> ids(SweepSpec spec) {
        return spec.trials().stream().map(TrialSpec::id).collect(Collectors.toSet());
    }

    @Test
    void gridSizeIsTheProductOfTheAxisLengths() {
        SweepSpec spec = load(dir, BIG);
        // lenet300 has no skip connections: the residual axis counts once for it (3 of the 4 architecture-residual
        // pairs), times width 3, lr 2, seed 3, method 2.
        assertEquals(3 * 3 * 2 * 3 * 2, spec.trials().size());
        assertEquals(spec.trials().size(), ids(spec).size(), "every trial has its own id");
    }

    @Test
    void aResidualAxisRunsArchitecturesWithoutSkipConnectionsOnce() {
        SweepSpec spec = load(dir, "grid { architecture = [lenet300, conv2, resmlp2, resnet8], residual = [true, false] }");
        Map<String, List<Boolean>> residuals = spec.trials().stream().collect(Collectors.groupingBy(
                TrialSpec::architecture, Collectors.mapping(TrialSpec::residual, Collectors.toList())));
        assertEquals(List.of(false), residuals.get("lenet300"), "recorded as what it is: no skips");
        assertEquals(List.of(false), residuals.get("conv2"));
        assertEquals(List.of(true, false), residuals.get("resmlp2"));
        assertEquals(List.of(true, false), residuals.get("resnet8"));
        assertEquals(6, spec.trials().size());
        assertEquals(6, ids(spec).size());
    }

    @Test
    void listingAxisValuesInAnotherOrderGivesTheSameIds() {
        SweepSpec reordered = load(dir, """
                grid {
                  architecture = [resmlp2, lenet300]
                  width = [2, 0.5, 1.0]
                  residual = [true, false]
                  lr = [1e-2, 0.1]
                  seed = [3, 1, 2]
                  pruning-method = [OMP, IMP]
                }
                tickets = [rp, lt, RR]
                """);
        SweepSpec original = load(dir, BIG);
        assertEquals(ids(original), ids(reordered));
        assertNotEquals(original.trials(), reordered.trials(), "the order follows the listing");
    }

    @Test
    void theOrderIsDeterministic() {
        assertEquals(load(dir, BIG).trials(), load(dir, BIG).trials());
    }

    @Test
    void changingASharedSettingChangesEveryId() {
        Set<String> before = ids(load(dir, BIG));
        Set<String> after = ids(load(dir, BIG + "train.momentum = 0.8\n"));
        assertEquals(before.size(), after.size());
        assertTrue(before.stream().noneMatch(after::contains), "momentum is part of every trial");
    }

    @Test
    void changingOneLrChangesOnlyThatLrsTrials() {
        Map<String, TrialSpec> before = byId(load(dir, BIG));
        Map<String, TrialSpec> after = byId(load(dir, BIG, "grid.lr=[0.1, 0.05]"));
        Set<String> kept = before.keySet().stream().filter(after::containsKey).collect(Collectors.toSet());
        Set<String> withLr01 = before.values().stream().filter(t -> t.lr() == 0.1).map(TrialSpec::id)
                .collect(Collectors.toSet());
        assertEquals(withLr01, kept);
        assertTrue(after.values().stream().filter(t -> !kept.contains(t.id())).allMatch(t -> t.lr() == 0.05));
    }

    @Test
    void ticketAndMetricSettingsChangeIdsAndReachTheTrials() {
        Set<String> before = ids(load(dir, BIG));
        for (String change : List.of("ticket-settings.wr-rewind-fraction = 0.1", "ticket-settings.rt-last-layer-keep = 0.5",
                "metrics.grad-norm-examples = 500", "tickets = [LT, RR, RP, SDT]")) {
            Set<String> after = ids(load(dir, BIG + change + "\n"));
            assertTrue(before.stream().noneMatch(after::contains), change + " must change every id");
        }
        TrialSpec t = load(dir, "ticket-settings { wr-rewind-fraction = 0.25, rt-last-layer-keep = 0.5 }\n"
                + "metrics.grad-norm-examples = 64\ntickets = [lt, sdt, wr, pf, rt, sm, si]").trials().get(0);
        assertEquals(new TicketSettings(0.25, 0.5, 64), t.ticketSettings());
        assertEquals(EnumSet.of(TicketKind.LT, TicketKind.SDT, TicketKind.WR, TicketKind.PF, TicketKind.RT,
                TicketKind.SM, TicketKind.SI), t.tickets());
    }

    @Test
    void runSettingsDoNotChangeIds() {
        assertEquals(ids(load(dir, BIG)), ids(load(dir, BIG + "run { task-cpus = 4, max-attempts = 3 }\n")));
    }

    @Test
    void aScalarAxisIsAOneElementList() {
        SweepSpec scalar = load(dir, "grid { architecture = resmlp2, lr = 0.05, seed = 7, pruning-method = omp, residual = true }");
        SweepSpec list = load(dir, "grid { architecture = [resmlp2], lr = [0.05], seed = [7], pruning-method = [omp], residual = [true] }");
        assertEquals(1, scalar.trials().size());
        assertEquals(list.trials(), scalar.trials());
        TrialSpec t = scalar.trials().get(0);
        assertEquals(0.05, t.lr());
        assertEquals(7L, t.seed());
        assertEquals(PruningMethod.OMP, t.pruningMethod());
        assertTrue(t.residual());
    }

    @Test
    void defaultsGiveOneTrialOnTheBundledDataset() {
        SweepSpec spec = load(dir, "");
        assertEquals(1, spec.trials().size());
        TrialSpec t = spec.trials().get(0);
        assertEquals(DatasetRef.bundled(), t.dataset());
        assertEquals("lenet300", t.architecture());
        assertEquals(List.of(0.5, 0.75), t.lrDrops());
        assertEquals(1e-4, t.weightDecay());
        assertEquals(List.of("first-conv", "last-dense"), t.excludeLayers());
        assertEquals(EnumSet.of(TicketKind.LT, TicketKind.RR, TicketKind.RP), t.tickets());
        assertEquals(TicketSettings.DEFAULTS, t.ticketSettings());
        assertEquals(Path.of("results", "sweep").toAbsolutePath().toString(), spec.outputDir());
        assertEquals(new RunSettings("local[*]", 1, 1000, 1, 4, 30, "_checkpoints", 300), spec.run());
    }

    @Test
    void userDatasetsGetAnAbsoluteNormalisedPath() throws Exception {
        Path data = Files.createDirectories(dir.resolve("full"));
        String spec = """
                datasets.full { format = idx, path = "%s" }
                grid.dataset = [fashion-mnist-subset, full]
                """.formatted(dir.resolve("full/../full").toString().replace("\\", "\\\\"));
        List<TrialSpec> trials = load(dir, spec).trials();
        assertEquals(2, trials.size());
        assertEquals(DatasetRef.bundled(), trials.get(0).dataset());
        assertEquals(new DatasetRef("full", "idx", data.toAbsolutePath().normalize().toString()), trials.get(1).dataset());
    }

    @Test
    void cifar10IsADatasetFormat() throws Exception {
        Path data = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        String spec = """
                datasets.cifar { format = CIFAR10, path = "%s" }
                grid.dataset = [cifar]
                grid.architecture = [resnet20]
                """.formatted(data.toString().replace("\\", "\\\\"));
        TrialSpec trial = load(dir, spec).trials().get(0);
        assertEquals(new DatasetRef("cifar", "cifar10", data.toAbsolutePath().normalize().toString()), trial.dataset());
        assertEquals("resnet20", trial.architecture());
    }

    @Test
    void theResolvedConfigLoadsBackToTheSameTrials() throws Exception {
        Files.createDirectories(dir.resolve("full"));
        SweepSpec spec = load(dir, BIG + "datasets.full.path = \"" + dir.resolve("full") + "\"\ngrid.dataset = full\n",
                "sweep.name=again", "train.momentum=0.85");
        SweepSpec again = SpecLoader.fromConfig(ConfigFactory.parseString(spec.resolvedConfig()));
        assertEquals(spec, again);
        assertTrue(spec.resolvedConfig().contains("momentum"), spec.resolvedConfig());
    }

    private static Map<String, TrialSpec> byId(SweepSpec spec) {
        return spec.trials().stream().collect(Collectors.toMap(TrialSpec::id, Function.identity()));
    }
}
