package dev.jackpot.driver.analyze;

import dev.jackpot.driver.analyze.chart.AccuracyChart;
import dev.jackpot.driver.analyze.chart.ChartFile;
import dev.jackpot.driver.analyze.chart.ChartKit;
import dev.jackpot.driver.analyze.chart.CurvesChart;
import dev.jackpot.driver.analyze.chart.GapHeatMap;
import dev.jackpot.driver.analyze.chart.RpChart;
import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Draws the report's charts from its data and writes them as charts/*.png. */
final class ReportCharts {
    /** The charts of one section of the report, and what to say when there are none. */
    record Section(String id, String heading, String intro, List<ChartFile> charts, String emptyNote) {}

    private final ReportData data;
    private final AnalysisSettings settings;
    private final ReportFiles files;

    ReportCharts(ReportData data, AnalysisSettings settings, ReportFiles files) {
        this.data = data;
        this.settings = settings;
        this.files = files;
    }

    List<Section> draw() {
        files.clearCharts();
        Map<CellKey, List<Row>> stats = byCell(data.kindStats());
        List<CellKey> charted = stats.keySet().stream().limit(settings.maxCellCharts()).toList();
        String capped = stats.size() > charted.size()
                ? String.format(" Only the first %d of %d cells are drawn (analysis.max-cell-charts).",
                charted.size(), stats.size()) : "";
        return List.of(
                new Section("accuracy", "Accuracy against sparsity",
                        "Mean test accuracy over seeds with a band of ± one standard deviation, one panel per "
                                + "learning rate; the dense network is the dashed flat line." + capped,
                        accuracy(stats, charted), "No tickets in this sweep."),
                new Section("gap", "LT - RR gap over learning rate and width",
                        "A_LT - A_RR within each trial (same seed), averaged over seeds, at the highest sparsity of "
                                + "the sweep; residual connections on (left) and off (right).",
                        gaps(), "No RR tickets in this sweep, so no LT - RR gap."),
                new Section("rp", "Weight correlation R_p against learning rate",
                        "R_p of the lottery ticket at the highest sparsity of the sweep (mean ± std over seeds); a "
                                + "dashed line at R_p = p is what unrelated weights give.",
                        rp(stats), "This sweep did not measure the weight correlation R_p (no rp_* columns)."),
                new Section("curves", "Training curves",
                        "Test accuracy after each epoch, mean over seeds: the dense run and every ticket kind at the "
                                + "highest sparsity of the cell." + capped,
                        curves(stats, charted), "No training curves in this sweep."));
    }

    private List<ChartFile> accuracy(Map<CellKey, List<Row>> stats, List<CellKey> charted) {
        List<ChartFile> out = new ArrayList<>();
        for (CellKey cell : charted) {
            List<AccuracyChart.Point> points = stats.get(cell).stream().map(r -> new AccuracyChart.Point(
                    d(r, "lr"), r.getAs("kind"), d(r, "sparsity"), d(r, "mean"), d(r, "std"))).toList();
            out.add(save("accuracy", out.size() + 1, AccuracyChart.draw(cell.label(), points, settings.minSparsity())));
        }
        return out;
    }

    private List<ChartFile> gaps() {
        List<Row> measured = data.trialOutcomes().stream().filter(r -> !r.isNullAt(r.fieldIndex("lt_rr_gap"))).toList();
        Map<CellKey, List<Row>> groups = group(measured, r -> heatMapGroup(CellKey.of(r)));
        List<ChartFile> out = new ArrayList<>();
        for (Map.Entry<CellKey, List<Row>> g : groups.entrySet()) {
            int top = g.getValue().stream().mapToInt(r -> r.<Integer>getAs("round")).max().orElse(0);
            List<Row> atTop = g.getValue().stream().filter(r -> r.<Integer>getAs("round") == top).toList();
            Map<List<Object>, Double> means = atTop.stream().collect(Collectors.groupingBy(
                    r -> List.of(r.getAs("residual"), d(r, "lr"), d(r, "width")), java.util.LinkedHashMap::new,
                    Collectors.averagingDouble(r -> d(r, "lt_rr_gap"))));
            List<GapHeatMap.Point> points = means.entrySet().stream().map(e -> new GapHeatMap.Point(
                    (Boolean) e.getKey().get(0), (Double) e.getKey().get(1), (Double) e.getKey().get(2), e.getValue()))
                    .toList();
            List<Double> lrs = sorted(atTop, "lr");
            List<Double> widths = sorted(atTop, "width");
            CellKey k = g.getKey();
            String title = String.format(Locale.ROOT, "LT - RR gap: %s, %s, %d epochs, %s, sparsity %.3f",
                    k.architecture(), k.dataset(), k.epochs(), k.method().toUpperCase(Locale.ROOT),
                    d(atTop.get(0), "sparsity"));
            out.add(save("gap", out.size() + 1, GapHeatMap.draw(title, points, lrs, widths)));
        }
        return out;
    }

    private List<ChartFile> rp(Map<CellKey, List<Row>> stats) {
        if (!data.rpMeasured()) return List.of();
        Map<CellKey, List<Row>> groups = new TreeMap<>();
        stats.forEach((cell, rows) -> groups.computeIfAbsent(cell.withoutResidual(), c -> new ArrayList<>()).addAll(rows));
        List<ChartFile> out = new ArrayList<>();
        for (Map.Entry<CellKey, List<Row>> g : groups.entrySet()) {
            List<Row> lt = g.getValue().stream().filter(r -> "LT".equals(r.getAs("kind"))).toList();
            int top = lt.stream().mapToInt(r -> r.<Integer>getAs("round")).max().orElse(0);
            List<RpChart.Point> points = new ArrayList<>();
            for (Row r : lt) {
                if (r.<Integer>getAs("round") != top) continue;
                for (String c : OptionalColumns.RP) {
                    if (r.isNullAt(r.fieldIndex(c))) continue;
                    points.add(new RpChart.Point(r.getAs("residual"), d(r, "lr"),
                            Integer.parseInt(c.substring(3)) / 100.0, d(r, c), d(r, c + "_std")));
                }
            }
            if (points.isEmpty()) continue;
            CellKey k = g.getKey();
            String title = String.format(Locale.ROOT, "R_p of the LT: %s, width %s, %s, %d epochs, %s, sparsity %.3f",
                    k.architecture(), CellKey.number(k.width()), k.dataset(), k.epochs(),
                    k.method().toUpperCase(Locale.ROOT), d(lt.stream().filter(r -> r.<Integer>getAs("round") == top)
                            .findFirst().orElseThrow(), "sparsity"));
            out.add(save("rp", out.size() + 1, RpChart.draw(title, points)));
        }
        return out;
    }

    private List<ChartFile> curves(Map<CellKey, List<Row>> stats, List<CellKey> charted) {
        Map<CellKey, List<Row>> byCell = byCell(data.curves());
        List<ChartFile> out = new ArrayList<>();
        for (CellKey cell : charted) {
            List<Row> rows = byCell.getOrDefault(cell, List.of());
            int top = rows.stream().mapToInt(r -> r.<Integer>getAs("round")).max().orElse(0);
            List<CurvesChart.Point> points = rows.stream()
                    .filter(r -> r.<Integer>getAs("round") == top || "DENSE".equals(r.getAs("kind")))
                    .filter(r -> !r.isNullAt(r.fieldIndex("test_acc_mean")))
                    .map(r -> new CurvesChart.Point(d(r, "lr"), r.getAs("kind"), r.<Integer>getAs("epoch"),
                            d(r, "test_acc_mean"))).toList();
            if (points.isEmpty()) continue;
            String title = cell.label() + stats.getOrDefault(cell, List.of()).stream()
                    .filter(r -> r.<Integer>getAs("round") == top && top > 0).findFirst()
                    .map(r -> String.format(Locale.ROOT, ", sparsity %.3f", d(r, "sparsity"))).orElse("");
            out.add(save("curves", out.size() + 1, CurvesChart.draw(title, points)));
        }
        return out;
    }

    private ChartFile save(String kind, int index, ChartKit.Png png) {
        String path = String.format(Locale.ROOT, "%s/%s-%02d.png", ReportFiles.CHARTS, kind, index);
        files.write(path, png.bytes());
        return new ChartFile(path, png.title(), png.width(), png.height());
    }

    private static CellKey heatMapGroup(CellKey c) {
        return new CellKey(c.architecture(), c.depth(), 0, false, c.dataset(), c.epochs(), c.method());
    }

    private static Map<CellKey, List<Row>> byCell(List<Row> rows) {
        return group(rows, CellKey::of);
    }

    private static Map<CellKey, List<Row>> group(List<Row> rows, Function<Row, CellKey> key) {
        Map<CellKey, List<Row>> m = new TreeMap<>();
        rows.forEach(r -> m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
        return m;
    }

    private static List<Double> sorted(List<Row> rows, String column) {
        return List.copyOf(rows.stream().map(r -> d(r, column)).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** A numeric column as a double; NaN for NULL. */
    static double d(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }
}
