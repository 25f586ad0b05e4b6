package dev.jackpot.driver.analyze;

import dev.jackpot.driver.analyze.HandMadeSweep.Cell;
import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The correlations table on a small hand-made sweep without the ticket lab's columns (R_p rows say "not measured")
 * and one with them; the LT - RR gap per trial is known, so its correlation with log10 lr is computed by hand.
 */
class CorrelationsSqlTest {
    /** One cell, lrs 0.001, 0.01, 0.1, one seed each, LT - RR = 3, 2, 0 at round 1 and 4, 1, 1 at round 2. */
    static HandMadeSweep sweep(boolean ticketLab) {
        HandMadeSweep s = ticketLab ? new HandMadeSweep().withTicketLab() : new HandMadeSweep();
        double[][] gaps = {{3, 4}, {2, 1}, {0, 1}};
        double[] lrs = {0.001, 0.01, 0.1};
        for (int i = 0; i < 3; i++) {
            HandMadeSweep.At at = s.at(Cell.of("resmlp2"), lrs[i], 1).dense(90);
            for (int round = 1; round <= 2; round++) {
                at.run("LT", round, 89);
                if (ticketLab) at.set("rp_10", 0.1 + 0.1 * (2 - i));
                at.run("RR", round, 89 - gaps[i][round - 1]);
            }
        }
        return s;
    }

    static Row find(List<Row> rows, String outcome, String factor) {
        return rows.stream().filter(r -> r.getAs("level").equals("trial") && r.getAs("outcome").equals(outcome)
                && r.getAs("factor").equals(factor)).findFirst().orElseThrow();
    }

    @Test
    void theGapAgainstLogLrByHandAndRpNotMeasuredInAnOlderSweep() {
        SparkSession spark = TestSpark.isolated();
        sweep(false).register(spark);
        AnalysisViews.registerOverTables(spark, AnalysisSettings.defaults(), null);
        List<Row> rows = Correlations.compute(spark, AnalysisSettings.defaults());
        Row gap = find(rows, "lt_rr_gap", "log10_lr");
        // x = -3 -3 -2 -2 -1 -1 (mean -2, dx = -1 -1 0 0 1 1), y = 3 4 2 1 0 1 (mean 11/6):
        // sum dx*dy = sum dx*y = -3 - 4 + 0 + 1 = -6; sum dx^2 = 4; sum dy^2 = 31 - 6 (11/6)^2 = 65/6.
        assertEquals(-6 / Math.sqrt(4 * 65.0 / 6), gap.<Double>getAs("pearson"), 1e-9);
        assertEquals(6, gap.<Integer>getAs("n"));
        assertEquals(3, gap.<Integer>getAs("clusters"));
        assertEquals(Correlation.spearman(new double[] {-3, -3, -2, -2, -1, -1}, new double[] {3, 4, 2, 1, 0, 1}),
                gap.<Double>getAs("spearman"), 1e-9);
        Row rp = find(rows, "lt_rp_10", "log10_lr");
        assertNull(rp.getAs("pearson"));
        assertTrue(rp.<String>getAs("note").startsWith("not measured"), rp.toString());
        Row width = find(rows, "lt_rr_gap", "width");
        assertEquals("width has one value in this sweep", width.getAs("note"));
    }

    @Test
    void rpIsCorrelatedWhenTheSweepMeasuredIt() {
        SparkSession spark = TestSpark.isolated();
        sweep(true).register(spark);
        AnalysisViews.registerOverTables(spark, AnalysisSettings.defaults(), null);
        Row rp = find(Correlations.compute(spark, AnalysisSettings.defaults()), "lt_rp_10", "log10_lr");
        // R_0.1 = 0.3, 0.2, 0.1 at lr 0.001, 0.01, 0.1 (both rounds): a perfect negative correlation.
        assertEquals(-1.0, rp.<Double>getAs("pearson"), 1e-9);
        assertEquals(-1.0, rp.<Double>getAs("spearman"), 1e-9);
        assertEquals("", rp.getAs("note"));
    }
}
