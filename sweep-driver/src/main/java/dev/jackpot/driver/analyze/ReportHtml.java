package dev.jackpot.driver.analyze;

import dev.jackpot.driver.analyze.chart.ChartFile;
import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.jackpot.driver.analyze.Html.badge;
import static dev.jackpot.driver.analyze.Html.esc;
import static dev.jackpot.driver.analyze.Html.meanStd;
import static dev.jackpot.driver.analyze.Html.num;
import static dev.jackpot.driver.analyze.Html.signed;

/**
 * report.html: one self-contained page (inline CSS, no script, no font or CDN), charts as relative links to
 * charts/*.png, so it opens from the output folder in any browser without a network.
 */
final class ReportHtml {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:24px auto;max-width:1400px;
              padding:0 16px;color:#222;line-height:1.45}
            h1{font-size:26px;margin-bottom:4px} h2{margin-top:36px;border-bottom:2px solid #ddd;padding-bottom:4px}
            h3{margin-top:22px}
            table{border-collapse:collapse;margin:10px 0;font-size:13px} th,td{border:1px solid #ccc;padding:3px 7px;
              text-align:left;vertical-align:top} th{background:#f2f2f2} td.r{text-align:right;white-space:nowrap}
            .n{color:#777;font-size:11px} .muted{color:#666} .note{background:#f7f7ff;border-left:4px solid #88a;
              padding:8px 14px;margin:12px 0}
            .b{border-radius:3px;padding:1px 6px;font-size:12px;white-space:nowrap} .ok{background:#cdeccd}
            .half{background:#fde9b8} .no{background:#f4cccc} .unk{background:#e3e3e3}
            figure{margin:14px 0} figcaption{font-size:13px;color:#444} img{border:1px solid #ddd;max-width:100%;height:auto}
            nav a{margin-right:14px}
            """;

    private ReportHtml() {}

    static String render(ReportData d, List<Row> correlations, List<ReportCharts.Section> charts, AnalysisSettings s) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n<title>Jackpot report: ")
                .append(esc(d.sweep())).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>Jackpot report: ").append(esc(d.sweep())).append("</h1>\n<p class=muted>Generated ")
                .append(esc(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))))
                .append(" by <code>sweep report</code>. Trials: ");
        h.append(String.join(", ", d.statuses().stream().map(r -> r.getLong(1) + " " + esc(r.getString(0))).toList()))
                .append(".</p>\n");
        h.append("<nav><a href=#read>How to read</a><a href=#winning>Winning sparsity</a><a href=#verdicts>Verdicts</a>");
        charts.forEach(c -> h.append("<a href=#").append(c.id()).append('>').append(esc(c.heading())).append("</a>"));
        h.append("<a href=#guidelines>Guidelines</a><a href=#correlations>Correlations</a></nav>\n");
        howToRead(h, d, s);
        winning(h, d);
        verdicts(h, d);
        for (ReportCharts.Section c : charts) section(h, c);
        guidelines(h, d, correlations);
        correlations(h, correlations, s);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void howToRead(StringBuilder h, ReportData d, AnalysisSettings s) {
        h.append("<h2 id=read>How to read this report</h2>\n<div class=note>");
        h.append("<p>A <b>cell</b> is every setting but the learning rate and the seed: architecture, width, residual "
                + "connections, dataset, epochs T, pruning method. For each cell and sparsity s, across the learning "
                + "rates lr of the grid, the five conditions of Ma et al. (2021) are checked on means over seeds "
                + "(accuracies in %):</p><ol>");
        h.append("<li>s ≥ ").append(num(s.minSparsity(), 2)).append(" and T is the full budget (")
                .append(s.fullBudgetEpochs() > 0 ? "T ≥ " + s.fullBudgetEpochs() + " epochs"
                        : "the largest epochs the sweep ran with the cell's other settings").append(");</li>");
        h.append("<li>small dense training is clearly worse: A_LT(lr) − max<sub>lr'</sub> A_SDT(lr') &gt; gap;</li>");
        h.append("<li>A_LT(lr) − max<sub>lr'</sub> A_RR(lr') &gt; gap;</li>");
        h.append("<li>A_LT(lr) ≥ A_DENSE(lr) − similar;</li>");
        h.append("<li>A_LT(lr) ≥ max<sub>lr'</sub> A_DENSE(lr') − similar.</li></ol>");
        h.append("<p>All five at some lr: <b>jackpot</b>; 1–4 but not 5: <b>secondary prize</b>; otherwise <b>none</b>. "
                + "A condition is <b>unknown</b> when its inputs were not run: no SDT (condition 2), or a mean from "
                + "fewer than ").append(s.minSeeds()).append(" seeds (analysis.min-seeds), or a learning rate whose "
                + "trials all failed. An unknown condition is never counted as passed: when it could change the verdict, "
                + "the verdict is <b>unknown</b> with the range it could still take (e.g. none … jackpot) and the "
                + "conditions in the way. A condition with a maximum over learning rates still fails for sure when the "
                + "known part already fails it.</p>");
        h.append("<p><b>Diverged runs count at chance accuracy.</b> ").append(d.divergedRuns()).append(" of ")
                .append(d.runs()).append(" runs diverged or had no accuracy");
        if (d.imputedRuns() > 0) {
            h.append(", ").append(d.imputedRuns()).append(" of them never ran because their trial stopped when the "
                    + "dense network or an LT diverged");
        }
        h.append(". Failed trials (an exception) are left out. Accuracy is the <b>").append(s.accuracy().key())
                .append("</b> test accuracy of each run.</p>");
        h.append("<table><tr><th>dataset</th><th>similar</th><th>gap</th><th>chance</th><th>min. sparsity</th>"
                + "<th>min. seeds</th></tr>");
        for (Row p : d.params()) {
            h.append("<tr><td>").append(esc(p.getAs("dataset"))).append("</td><td class=r>").append(num(p.getAs("similar"), 2))
                    .append("</td><td class=r>").append(num(p.getAs("gap"), 2)).append("</td><td class=r>")
                    .append(num(p.getAs("chance"), 2)).append("</td><td class=r>").append(num(p.getAs("min_sparsity"), 4))
                    .append("</td><td class=r>").append(p.<Integer>getAs("min_seeds")).append("</td></tr>");
        }
        h.append("</table><p class=muted>Change them with <code>bin/sweep report &lt;output&gt; --set analysis.KEY=VALUE"
                + "</code>; every key is documented in reference.conf. The tables behind this page: <code>verdicts</code>, "
                + "<code>correlations</code>, <code>guidelines</code>, <code>analysis_params</code>, beside "
                + "<code>trials</code>, <code>tickets</code> and <code>epochs</code>.</p></div>\n");
    }

    private static void winning(StringBuilder h, ReportData d) {
        h.append("<h2 id=winning>Winning sparsity per cell</h2>\n<p>The largest sparsity at which the cell has a winner "
                + "(jackpot or secondary prize). “open” means an unknown verdict at a larger sparsity could still be a "
                + "winner.</p><table><tr><th>cell</th><th>winning sparsity</th><th>jackpot sparsity</th>"
                + "<th>sparsities</th><th>jackpots</th><th>secondary prizes</th><th>unknown</th></tr>\n");
        for (Row w : d.winning()) {
            h.append("<tr><td>").append(esc(CellKey.of(w).label())).append("</td><td class=r>")
                    .append(num(w.getAs("winning_sparsity"), 3))
                    .append(w.<Boolean>getAs("winning_sparsity_settled") ? "" : " <span class=\"b unk\">open</span>")
                    .append("</td><td class=r>").append(num(w.getAs("jackpot_sparsity"), 3)).append("</td><td class=r>")
                    .append(w.<Long>getAs("sparsities")).append("</td><td class=r>").append(w.<Integer>getAs("jackpots"))
                    .append("</td><td class=r>").append(w.<Integer>getAs("secondary_prizes")).append("</td><td class=r>")
                    .append(w.<Integer>getAs("unknowns")).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void verdicts(StringBuilder h, ReportData d) {
        h.append("<h2 id=verdicts>Verdicts</h2>\n<p>Per cell and sparsity, the numbers at the learning rate that "
                + "decides the verdict (mean ± std over seeds, seeds in brackets; best-over-lr values name their lr). "
                + "Differences are LT minus the other.</p>\n<table><tr><th>sparsity</th><th>verdict</th>"
                + "<th>lr</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>LT</th><th>best SDT</th>"
                + "<th>best RR</th><th>dense (same lr)</th><th>best dense</th><th>unknown</th></tr>\n");
        CellKey current = null;
        for (Row v : d.verdicts()) {
            CellKey cell = CellKey.of(v);
            if (!cell.equals(current)) {   // one header row per cell instead of its label on every line
                h.append("<tr><th colspan=15 style=\"background:#e8eef8\">").append(esc(cell.label())).append("</th></tr>\n");
                current = cell;
            }
            String verdict = v.getAs("verdict");
            String range = "unknown".equals(verdict)
                    ? "<br><span class=n>" + esc(v.getAs("verdict_at_least")) + " … " + esc(v.getAs("verdict_at_most")) + "</span>"
                    : "";
            h.append("<tr><td class=r>").append(num(v.getAs("sparsity"), 3)).append("</td><td>").append(badge(verdict)).append(range)
                    .append("</td><td class=r>").append(esc(CellKey.number(v.<Double>getAs("lr")))).append("</td>");
            for (String c : List.of("c1", "c2", "c3", "c4", "c5")) h.append("<td>").append(badge(v.getAs(c))).append("</td>");
            h.append("<td class=r>").append(meanStd(v.getAs("lt_mean"), v.getAs("lt_std"), v.getAs("lt_seeds")));
            if (v.<Integer>getAs("lt_diverged") > 0) h.append("<br><span class=n>").append(v.<Integer>getAs("lt_diverged"))
                    .append(" diverged</span>");
            h.append("</td>");
            best(h, v, "sdt_best", "lt_minus_sdt");
            best(h, v, "rr_best", "lt_minus_rr");
            h.append("<td class=r>").append(meanStd(v.getAs("dense_mean"), v.getAs("dense_std"), v.getAs("dense_seeds")))
                    .append("<br><span class=n>").append(signed(v.getAs("lt_minus_dense"), 2)).append("</span></td>");
            best(h, v, "dense_best", "lt_minus_dense_best");
            h.append("<td>").append(esc(v.getAs("unknown_conditions"))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void best(StringBuilder h, Row v, String prefix, String diff) {
        h.append("<td class=r>").append(meanStd(v.getAs(prefix + "_mean"), v.getAs(prefix + "_std"), v.getAs(prefix + "_seeds")));
        Object lr = v.getAs(prefix + "_lr");
        if (lr != null) {
            h.append("<br><span class=n>lr ").append(esc(CellKey.number((Double) lr))).append(", ")
                    .append(signed(v.getAs(diff), 2)).append("</span>");
        }
        h.append("</td>");
    }

    private static void section(StringBuilder h, ReportCharts.Section c) {
        h.append("<h2 id=").append(c.id()).append('>').append(esc(c.heading())).append("</h2>\n<p>")
                .append(esc(c.intro())).append("</p>\n");
        if (c.charts().isEmpty()) {
            h.append("<p class=note>").append(esc(c.emptyNote())).append("</p>\n");
        }
        for (ChartFile f : c.charts()) {
            h.append("<figure><img src=\"").append(esc(f.path())).append("\" width=").append(f.width())
                    .append(" height=").append(f.height()).append(" alt=\"").append(esc(f.title())).append("\">")
                    .append("<figcaption>").append(esc(f.title())).append("</figcaption></figure>\n");
        }
    }

    private static void guidelines(StringBuilder h, ReportData d, List<Row> correlations) {
        h.append("<h2 id=guidelines>Guidelines per factor</h2>\n<p>In the style of Ma et al. (2021), section 3.2: "
                + "each factor's levels with the mean outcomes (trial level: every trial and round; cell level: cells "
                + "whose verdicts are settled), then what the correlations support. A statement is made only when "
                + "the 95% bootstrap interval of Spearman's ρ excludes 0.</p>\n");
        Map<String, List<Row>> byFactor = new LinkedHashMap<>();
        for (Row g : d.guidelines()) byFactor.computeIfAbsent(g.getAs("factor"), k -> new java.util.ArrayList<>()).add(g);
        for (Map.Entry<String, List<Row>> f : byFactor.entrySet()) {
            h.append("<h3>").append(esc(f.getKey())).append("</h3>\n<table><tr><th>level</th><th>trials</th>"
                    + "<th>LT − RR gap</th><th>LT − dense gap</th><th>R_0.1 (LT)</th><th>cells</th>"
                    + "<th>cells with a winner</th><th>mean winning sparsity</th></tr>\n");
            for (Row g : f.getValue()) {
                h.append("<tr><td>").append(esc(g.getAs("level"))).append("</td><td class=r>").append(g.<Long>getAs("trials"))
                        .append("</td><td class=r>").append(signed(g.getAs("lt_rr_gap_mean"), 2)).append(" ± ")
                        .append(num(g.getAs("lt_rr_gap_std"), 2)).append("</td><td class=r>")
                        .append(signed(g.getAs("lt_dense_gap_mean"), 2)).append(" ± ").append(num(g.getAs("lt_dense_gap_std"), 2))
                        .append("</td><td class=r>").append(num(g.getAs("lt_rp_10_mean"), 3)).append("</td><td class=r>")
                        .append(g.getAs("cells") == null ? "–" : g.getAs("cells").toString()).append("</td><td class=r>")
                        .append(g.getAs("winner_share") == null ? "–" : num(100 * ((Number) g.getAs("winner_share")).doubleValue(), 0) + "%")
                        .append("</td><td class=r>").append(num(g.getAs("winning_sparsity_mean"), 3)).append("</td></tr>\n");
            }
            h.append("</table>\n");
            if (f.getKey().startsWith("lr | ")) {
                h.append("<p class=muted>The learning rate split by residual connections: compare its levels with "
                        + "the other half (correlations are computed over all learning rates, see lr).</p>\n");
                continue;
            }
            String factor = f.getKey().equals("lr") ? "log10_lr" : f.getKey();
            List<String> clear = correlations.stream()
                    .filter(c -> c.<String>getAs("factor").equals(factor) || c.<String>getAs("factor").startsWith(factor + "="))
                    .filter(c -> c.<Boolean>getAs("clear")).map(c -> c.<String>getAs("guideline")).toList();
            h.append("<p>").append(clear.isEmpty()
                    ? "<span class=muted>No clear effect of this factor on any outcome in this sweep.</span>"
                    : "<b>Supported:</b> " + esc(String.join("; ", clear)) + ".").append("</p>\n");
        }
    }

    private static void correlations(StringBuilder h, List<Row> correlations, AnalysisSettings s) {
        h.append("<h2 id=correlations>Correlations</h2>\n<p>Pearson and Spearman correlation between each factor and "
                + "outcome, with 95% percentile intervals from ").append(s.bootstrapResamples())
                .append(" bootstrap resamples of whole trials (trial level) or cells (cell level), seed ")
                .append(s.bootstrapSeed()).append(". Rows in bold have an interval of ρ that excludes 0.</p>\n");
        h.append("<table><tr><th>level</th><th>outcome</th><th>factor</th><th>n</th><th>Pearson r [95% CI]</th>"
                + "<th>Spearman ρ [95% CI]</th><th>note</th></tr>\n");
        for (Row c : correlations) {
            boolean clear = c.getAs("clear");
            h.append(clear ? "<tr style=\"font-weight:bold\">" : "<tr>").append("<td>").append(esc(c.getAs("level")))
                    .append("</td><td>").append(esc(c.getAs("outcome"))).append("</td><td>").append(esc(c.getAs("factor")))
                    .append("</td><td class=r>").append(c.<Integer>getAs("n")).append("</td><td class=r>")
                    .append(interval(c, "pearson")).append("</td><td class=r>").append(interval(c, "spearman"))
                    .append("</td><td>").append(esc(c.getAs("note"))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String interval(Row c, String name) {
        if (c.getAs(name) == null) return "–";
        return signed(c.getAs(name), 2) + " [" + signed(c.getAs(name + "_lo"), 2) + ", " + signed(c.getAs(name + "_hi"), 2) + "]";
    }
}
