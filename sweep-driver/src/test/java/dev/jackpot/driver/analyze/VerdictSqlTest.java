package dev.jackpot.driver.analyze;

import dev.jackpot.driver.analyze.HandMadeSweep.Cell;
import dev.jackpot.driver.spec.AnalysisSettings;
import dev.jackpot.driver.spec.SpecLoader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict SQL (conditions.sql, verdicts.sql) on hand-made tables where the right answer is known, one cell per
 * case so that one query answers them all. Unless a case says otherwise: two seeds, learning rates 0.01 and 0.1,
 * IMP round 4 (sparsity 1 - 0.8^4 = 0.5904, just above the default minimum 0.59), Fashion-MNIST tolerances
 * (similar 0.5, gap 0.5), accuracies in percent.
 */
class VerdictSqlTest {
    static final int R = 4;
    static final double S4 = 0.5904;
    static Map<String, Row> verdicts;
    static SparkSession spark;

    /** LT, RR and SDT at round R and the dense run, two seeds each, the seeds 0.1 apart around the given means. */
    static void point(HandMadeSweep sweep, Cell cell, double lr, double dense, double lt, double rr, double sdt) {
        sweep.at(cell, lr, 2).dense(dense - 0.1, dense + 0.1)
                .run("LT", R, lt - 0.1, lt + 0.1)
                .run("RR", R, rr - 0.1, rr + 0.1)
                .run("SDT", R, sdt - 0.1, sdt + 0.1);
    }

    /** The same with identical seeds, for cases exactly at a tolerance. */
    static void exact(HandMadeSweep sweep, Cell cell, double lr, double dense, double lt, double rr, double sdt) {
        sweep.at(cell, lr, 2).dense(dense, dense).run("LT", R, lt, lt).run("RR", R, rr, rr).run("SDT", R, sdt, sdt);
    }

    @BeforeAll
    static void judge() {
        HandMadeSweep s = new HandMadeSweep();
        // All five conditions at lr 0.01: LT 90 vs best RR 86, best SDT 85, dense 90 there and 90.2 at best.
        point(s, Cell.of("jackpot"), 0.01, 90, 90, 85, 85);
        point(s, Cell.of("jackpot"), 0.1, 90.2, 88, 86, 84);
        // 1-4 at lr 0.01 (LT 87.8 >= dense 88 - 0.5) but not 5 (best dense 92 at lr 0.1).
        point(s, Cell.of("secondary"), 0.01, 88, 87.8, 85, 85);
        point(s, Cell.of("secondary"), 0.1, 92, 86, 86.5, 84);
        // LT never clearly above the best RR (by 0.4 at most): no ticket.
        point(s, Cell.of("no-gap"), 0.01, 90, 90, 89.6, 80);
        point(s, Cell.of("no-gap"), 0.1, 90, 89, 89.5, 80);
        // Exactly at the gap: LT 90.5 - best RR 90.0 = 0.5 is not > 0.5 (0.905 * 100 is 90.50000000000001).
        exact(s, Cell.of("gap-exact"), 0.01, 90.5, 90.5, 90.0, 80);
        exact(s, Cell.of("gap-exact"), 0.1, 90.0, 80, 85, 80);
        // Just above the gap: 90.51 - 90.0 > 0.5.
        exact(s, Cell.of("gap-above"), 0.01, 90.5, 90.51, 90.0, 80);
        exact(s, Cell.of("gap-above"), 0.1, 90.0, 80, 85, 80);
        // Exactly at "similar": LT 89.8 = dense 90.3 - 0.5 passes 4 and 5 (>=).
        exact(s, Cell.of("similar-exact"), 0.01, 90.3, 89.8, 85, 80);
        exact(s, Cell.of("similar-exact"), 0.1, 90.0, 80, 85, 80);
        // Just below: 89.79 < 90.3 - 0.5 fails 4 (and 5).
        exact(s, Cell.of("similar-below"), 0.01, 90.3, 89.79, 85, 80);
        exact(s, Cell.of("similar-below"), 0.1, 90.0, 80, 85, 80);
        // Sparsity: rounds 3 (0.488, trivial), 4 (0.5904) and 5 (0.67232) all with jackpot numbers.
        for (int round : new int[] {3, 5}) {
            for (double lr : new double[] {0.01, 0.1}) {
                s.at(Cell.of("sparsity"), lr, 2).run("LT", round, 90, 90).run("RR", round, 85, 85)
                        .run("SDT", round, 85, 85);
            }
        }
        point(s, Cell.of("sparsity"), 0.01, 90, 90, 85, 85);
        point(s, Cell.of("sparsity"), 0.1, 90, 89, 85, 85);
        // No SDT: condition 2 unknown; the rest would make a jackpot, so the verdict is open.
        for (double lr : new double[] {0.01, 0.1}) {
            s.at(Cell.of("no-sdt"), lr, 2).dense(90, 90).run("LT", R, 90, 90).run("RR", R, 85, 85);
        }
        // No SDT, and LT - RR fails at every lr: a definite none.
        for (double lr : new double[] {0.01, 0.1}) {
            s.at(Cell.of("no-sdt-none"), lr, 2).dense(90, 90).run("LT", R, 90, 90).run("RR", R, 89.9, 89.9);
        }
        // One seed: nothing but condition 1 is known.
        for (double lr : new double[] {0.01, 0.1}) {
            s.at(Cell.of("one-seed"), lr, 1).dense(90).run("LT", R, lr == 0.01 ? 90 : 85).run("RR", R, 85)
                    .run("SDT", R, 85);
        }
        // lr 0.1 diverged: the dense run is NaN and the trial stopped (no ticket rows), so its runs count at
        // chance (10%) and lr 0.01 decides: a jackpot.
        point(s, Cell.of("diverged"), 0.01, 90, 90, 85, 85);
        s.at(Cell.of("diverged"), 0.01, 2).trial("tickets", "LT,RR,RP,SDT");
        s.at(Cell.of("diverged"), 0.1, 2).dense(Double.NaN, Double.NaN)
                .trial("status", "diverged").trial("tickets", "LT,RR,RP,SDT");
        // RR at lr 0.1 has one seed (not enough); RR at 0.01 already reaches the LT everywhere: a definite fail.
        s.at(Cell.of("rr-partial-fail"), 0.01, 2).dense(90, 90).run("LT", R, 90, 90).run("RR", R, 89.8, 89.8)
                .run("SDT", R, 80, 80);
        s.at(Cell.of("rr-partial-fail"), 0.1, 2).dense(90, 90).run("LT", R, 88, 88).run("SDT", R, 80, 80);
        s.at(Cell.of("rr-partial-fail"), 0.1, 1).run("RR", R, 80);
        // The same but the known RR is far below: the missing RR seed could still matter, so unknown.
        s.at(Cell.of("rr-partial-open"), 0.01, 2).dense(90, 90).run("LT", R, 90, 90).run("RR", R, 80, 80)
                .run("SDT", R, 80, 80);
        s.at(Cell.of("rr-partial-open"), 0.1, 2).dense(90, 90).run("LT", R, 88, 88).run("SDT", R, 80, 80);
        s.at(Cell.of("rr-partial-open"), 0.1, 1).run("RR", R, 80);
        // Every trial at lr 0.1 failed (no runs): a hole in the grid, so the maxima over lr' are unknown.
        point(s, Cell.of("failed-lr"), 0.01, 90, 90, 85, 85);
        s.at(Cell.of("failed-lr"), 0.1, 2).trial("status", "failed");
        // CIFAR-100 tolerates 1.0: LT 0.8 below dense matches.
        point(s, Cell.of("cifar100").dataset("cifar100"), 0.01, 70, 69.2, 60, 60);
        point(s, Cell.of("cifar100").dataset("cifar100"), 0.1, 70, 60, 60, 60);
        // Full budget: the same cell family at 5 and 10 epochs; only 10 is the full budget.
        point(s, Cell.of("budget").epochs(5), 0.01, 90, 90, 85, 85);
        point(s, Cell.of("budget").epochs(5), 0.1, 90, 89, 85, 85);
        point(s, Cell.of("budget").epochs(10), 0.01, 90, 90, 85, 85);
        point(s, Cell.of("budget").epochs(10), 0.1, 90, 89, 85, 85);

        spark = TestSpark.session();
        verdicts = judge(spark, s, AnalysisSettings.defaults());
    }

    /** The verdicts by cell and round; the views stay registered in {@code spark}. */
    static Map<String, Row> judge(SparkSession spark, HandMadeSweep sweep, AnalysisSettings settings) {
        sweep.register(spark);
        AnalysisViews.registerOverTables(spark, settings, "verdicts");
        Map<String, Row> byKey = new HashMap<>();
        for (Row r : spark.sql("SELECT * FROM verdicts").collectAsList()) {
            String key = r.getAs("architecture") + "/e" + r.getAs("epochs") + "/r" + r.getAs("round");
            byKey.put(key, r);
        }
        return byKey;
    }

    static Row v(String architecture) {
        return v(architecture, R);
    }

    static Row v(String architecture, int round) {
        Row r = verdicts.get(architecture + "/e10/r" + round);
        assertNotNull(r, architecture + " round " + round + " missing from " + verdicts.keySet());
        return r;
    }

    static String conditions(Row r) {
        return String.join(" ", r.<String>getAs("c1"), r.getAs("c2"), r.getAs("c3"), r.getAs("c4"), r.getAs("c5"));
    }

    @Test
    void allFiveConditionsMakeAJackpotWithTheNumbersBehindThem() {
        Row r = v("jackpot");
        assertEquals("jackpot", r.getAs("verdict"), r.toString());
        assertEquals("pass pass pass pass pass", conditions(r));
        assertEquals(0.01, r.<Double>getAs("lr"));
        assertEquals(90.0, r.<Double>getAs("lt_mean"), 1e-9);
        assertEquals(Math.sqrt(0.02), r.<Double>getAs("lt_std"), 1e-9);   // seeds 89.9 and 90.1
        assertEquals(2L, r.<Long>getAs("lt_seeds"));
        assertEquals(86.0, r.<Double>getAs("rr_best_mean"), 1e-9);
        assertEquals(0.1, r.<Double>getAs("rr_best_lr"));
        assertEquals(85.0, r.<Double>getAs("sdt_best_mean"), 1e-9);
        assertEquals(90.2, r.<Double>getAs("dense_best_mean"), 1e-9);
        assertEquals(0.1, r.<Double>getAs("dense_best_lr"));
        assertEquals(-0.2, r.<Double>getAs("lt_minus_dense_best"), 1e-9);
        assertEquals(S4, r.<Double>getAs("sparsity"), 1e-12);
        assertEquals(S4, r.<Double>getAs("winning_sparsity"), 1e-12);
        assertEquals(S4, r.<Double>getAs("jackpot_sparsity"), 1e-12);
        assertEquals("", r.getAs("unknown_conditions"));
    }

    @Test
    void matchingTheDenseAtTheSameLrButNotTheBestDenseIsASecondaryPrize() {
        Row r = v("secondary");
        assertEquals("secondary prize", r.getAs("verdict"), r.toString());
        assertEquals("pass pass pass pass fail", conditions(r));
        assertEquals(S4, r.<Double>getAs("winning_sparsity"), 1e-12);
        assertNull(r.getAs("jackpot_sparsity"));
    }

    @Test
    void noLrClearlyAboveRandomReinitialisationIsNoTicket() {
        Row r = v("no-gap");
        assertEquals("none", r.getAs("verdict"));
        assertEquals("fail", r.getAs("c3"));
        assertNull(r.getAs("winning_sparsity"));
        assertTrue(r.<Boolean>getAs("winning_sparsity_settled"));
    }

    @Test
    void aDifferenceExactlyAtTheGapIsNotClearlyBetter() {
        Row at = v("gap-exact");
        assertEquals(0.5, at.<Double>getAs("lt_minus_rr"));
        assertEquals("fail", at.getAs("c3"));
        assertEquals("none", at.getAs("verdict"));
        Row above = v("gap-above");
        assertEquals("pass", above.getAs("c3"));
        assertEquals("jackpot", above.getAs("verdict"));
    }

    @Test
    void anLtExactlyASimilarBelowTheDenseStillMatchesIt() {
        Row at = v("similar-exact");
        assertEquals(-0.5, at.<Double>getAs("lt_minus_dense"));
        assertEquals("pass", at.getAs("c4"));
        assertEquals("pass", at.getAs("c5"));
        assertEquals("jackpot", at.getAs("verdict"));
        Row below = v("similar-below");
        assertEquals("fail", below.getAs("c4"));
        assertEquals("none", below.getAs("verdict"));
    }

    @Test
    void trivialSparsityIsNoTicketAndTheWinningSparsityIsTheLargestWithAWinner() {
        assertEquals("fail", v("sparsity", 3).getAs("c1"));
        assertEquals("none", v("sparsity", 3).getAs("verdict"));
        assertEquals("jackpot", v("sparsity", 4).getAs("verdict"));
        assertEquals("jackpot", v("sparsity", 5).getAs("verdict"));
        double s5 = 1 - Math.pow(0.8, 5);
        assertEquals(s5, v("sparsity", 3).<Double>getAs("winning_sparsity"), 1e-6);
        assertEquals(s5, v("sparsity", 4).<Double>getAs("winning_sparsity"), 1e-6);
    }

    @Test
    void withoutSdtConditionTwoIsUnknownAndSoIsAPositiveVerdict() {
        Row r = v("no-sdt");
        assertEquals("unknown", r.getAs("c2"));
        assertEquals("unknown", r.getAs("verdict"));
        assertEquals("none", r.getAs("verdict_at_least"));
        assertEquals("jackpot", r.getAs("verdict_at_most"));
        assertEquals("c2", r.getAs("unknown_conditions"));
        assertNull(r.getAs("winning_sparsity"));
        assertFalse(r.<Boolean>getAs("winning_sparsity_settled"));
    }

    @Test
    void withoutSdtAFailingConditionStillSettlesNone() {
        Row r = v("no-sdt-none");
        assertEquals("unknown", r.getAs("c2"));
        assertEquals("fail", r.getAs("c3"));
        assertEquals("none", r.getAs("verdict"));
        assertEquals("", r.getAs("unknown_conditions"));
    }

    @Test
    void oneSeedLeavesEveryConditionButTheFirstUnknown() {
        Row r = v("one-seed");
        assertEquals("pass unknown unknown unknown unknown", conditions(r));
        assertEquals("unknown", r.getAs("verdict"));
        assertNull(r.getAs("lt_std"));
        assertEquals(1L, r.<Long>getAs("lt_seeds"));
    }

    @Test
    void oneSeedIsEnoughWhenMinSeedsIsOne() {
        HandMadeSweep s = new HandMadeSweep();
        for (double lr : new double[] {0.01, 0.1}) {
            s.at(Cell.of("one-seed"), lr, 1).dense(90).run("LT", R, lr == 0.01 ? 90 : 85).run("RR", R, 85)
                    .run("SDT", R, 85);
        }
        Map<String, Row> judged = judge(TestSpark.isolated(), s, SpecLoader.loadAnalysis(null, List.of("analysis.min-seeds=1")));
        assertEquals("jackpot", judged.get("one-seed/e10/r4").getAs("verdict"));
    }

    @Test
    void divergedRunsCountAtChanceIncludingTheRunsTheTrialNeverReached() {
        Row r = v("diverged");
        assertEquals("jackpot", r.getAs("verdict"), r.toString());
        assertEquals(0.01, r.<Double>getAs("lr"));
        Row atDivergedLr = spark.sql(
                "SELECT * FROM conditions WHERE architecture = 'diverged' AND lr = 0.1").first();
        assertEquals(10.0, atDivergedLr.<Double>getAs("lt_mean"), 1e-9);
        assertEquals(2, atDivergedLr.<Integer>getAs("lt_diverged"));
        Row imputed = spark.sql("SELECT COUNT(*), SUM(IF(imputed, 1, 0)), MIN(acc), MAX(acc) FROM runs"
                + " WHERE architecture = 'diverged' AND lr = 0.1").first();
        // 2 seeds x (dense + 4 rounds x LT, RR, RP, SDT), all at chance; only the dense rows were observed.
        assertEquals(2 * (1 + 4 * 4), imputed.getLong(0));
        assertEquals(2 * 4 * 4, imputed.getLong(1));
        assertEquals(10.0, imputed.getDouble(2));
        assertEquals(10.0, imputed.getDouble(3));
    }

    @Test
    void aMaximumWithAMissingLrFailsWhenTheKnownPartFailsAndIsUnknownOtherwise() {
        Row fail = v("rr-partial-fail");
        assertEquals("fail", fail.getAs("c3"));
        assertEquals("none", fail.getAs("verdict"));
        Row open = v("rr-partial-open");
        assertEquals("unknown", open.getAs("c3"));
        assertEquals("unknown", open.getAs("verdict"));
        assertEquals("c3", open.getAs("unknown_conditions"));
    }

    @Test
    void anLrWhoseTrialsAllFailedIsAHoleThatLeavesTheVerdictOpen() {
        Row r = v("failed-lr");
        assertEquals("unknown", r.getAs("verdict"));
        assertEquals("pass unknown unknown pass unknown", conditions(r));
        assertEquals("c2,c3,c5", r.getAs("unknown_conditions"));
    }

    @Test
    void toleranceFollowsTheDataset() {
        Row r = v("cifar100");
        assertEquals(1.0, r.<Double>getAs("similar"));
        assertEquals("pass", r.getAs("c4"));
        assertEquals("jackpot", r.getAs("verdict"));
    }

    @Test
    void onlyTheLargestEpochsOfACellFamilyIsTheFullBudget() {
        Row shortRun = verdicts.get("budget/e5/r4");
        assertEquals("fail", shortRun.getAs("c1"));
        assertEquals(10, shortRun.<Integer>getAs("full_budget_epochs"));
        assertEquals("none", shortRun.getAs("verdict"));
        assertEquals("jackpot", verdicts.get("budget/e10/r4").getAs("verdict"));
    }

    @Test
    void settingsMoveTheBoundaries() {
        HandMadeSweep s = new HandMadeSweep();
        point(s, Cell.of("budget").epochs(5), 0.01, 90, 90, 85, 85);
        point(s, Cell.of("budget").epochs(5), 0.1, 90, 89, 85, 85);
        point(s, Cell.of("budget").epochs(10), 0.01, 90, 90, 85, 85);
        point(s, Cell.of("budget").epochs(10), 0.1, 90, 89, 85, 85);
        // An explicit budget of 5 epochs makes both full; a minimum sparsity of exactly 0.5904 still admits round 4.
        Map<String, Row> judged = judge(TestSpark.isolated(), s, SpecLoader.loadAnalysis(null,
                List.of("analysis.full-budget-epochs=5", "analysis.min-sparsity=0.5904")));
        assertEquals("jackpot", judged.get("budget/e5/r4").getAs("verdict"));
        assertEquals("jackpot", judged.get("budget/e10/r4").getAs("verdict"));
        // A gap of 5 is exactly LT 90 - RR 85: no longer clearly better.
        judged = judge(TestSpark.isolated(), s, SpecLoader.loadAnalysis(null, List.of("analysis.gap=5")));
        assertEquals("fail", judged.get("budget/e10/r4").getAs("c3"));
        // Just above the minimum sparsity, round 4 is trivial.
        judged = judge(TestSpark.isolated(), s, SpecLoader.loadAnalysis(null, List.of("analysis.min-sparsity=0.5905")));
        assertEquals("fail", judged.get("budget/e10/r4").getAs("c1"));
    }
}
