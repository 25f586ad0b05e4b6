package dev.jackpot.driver.analyze.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.Color;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Test accuracy against sparsity for one cell, one panel per learning rate: every ticket kind as a line with a
 * band of ± one standard deviation over seeds; the dense network (sparsity 0) as a flat line across the panel, so
 * each ticket can be read against it; a dashed line at the minimum sparsity of a ticket.
 */
public final class AccuracyChart {
    static final int PANEL_WIDTH = 360;
    static final int HEIGHT = 380;

    /** One kind at one sparsity and lr: mean and standard deviation (NaN for one seed) over seeds, in points. */
    public record Point(double lr, String kind, double sparsity, double mean, double std) {}

    private AccuracyChart() {}

    public static ChartKit.Png draw(String title, List<Point> points, double minSparsity) {
        NumberAxis accuracy = ChartKit.axis("test accuracy (%)");
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(accuracy);
        plot.setGap(12);
        TreeMap<Double, List<Point>> byLr = points.stream()
                .collect(Collectors.groupingBy(Point::lr, TreeMap::new, Collectors.toList()));
        List<String> kinds = ChartKit.ordered(points.stream().map(Point::kind).collect(Collectors.toCollection(TreeSet::new)));
        byLr.forEach((lr, atLr) -> plot.add(panel(lr, atLr, kinds, minSparsity), 1));
        plot.setFixedLegendItems(ChartKit.legend(kinds.stream().map(k -> k + (k.equals("DENSE") ? " (sparsity 0)" : ""))
                .toList(), name -> ChartKit.kindColor(name.split(" ")[0])));
        JFreeChart chart = ChartKit.chart(title, plot, true);
        return ChartKit.png(title, chart, Math.max(480, PANEL_WIDTH * byLr.size()), HEIGHT);
    }

    private static XYPlot panel(double lr, List<Point> atLr, List<String> kinds, double minSparsity) {
        double maxSparsity = atLr.stream().mapToDouble(Point::sparsity).max().orElse(1);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.18f);
        int series = 0;
        for (String kind : kinds) {
            List<Point> ofKind = atLr.stream().filter(p -> p.kind().equals(kind)).toList();
            if (ofKind.isEmpty()) continue;
            YIntervalSeries s = new YIntervalSeries(kind);
            if (kind.equals("DENSE")) {
                Point d = ofKind.get(0);
                add(s, 0, d);
                add(s, maxSparsity, d);
            } else {
                ofKind.forEach(p -> add(s, p.sparsity(), p));
            }
            data.addSeries(s);
            Color c = ChartKit.kindColor(kind);
            renderer.setSeriesPaint(series, c);
            renderer.setSeriesFillPaint(series, c);
            renderer.setSeriesStroke(series, kind.equals("DENSE") ? ChartKit.DASHED : ChartKit.LINE);
            renderer.setSeriesShapesVisible(series, !kind.equals("DENSE"));
            series++;
        }
        NumberAxis x = ChartKit.axis("sparsity at lr " + ChartKit.number(lr));
        x.setRange(0, Math.max(0.05, maxSparsity * 1.04));
        XYPlot panel = new XYPlot(data, x, null, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(new Color(0xdddddd));
        panel.setRangeGridlinePaint(new Color(0xdddddd));
        if (minSparsity <= maxSparsity) {
            panel.addDomainMarker(ChartKit.dashedMarker(minSparsity, new Color(0x888888), "min. sparsity"));
        }
        return panel;
    }

    private static void add(YIntervalSeries s, double x, Point p) {
        double std = Double.isNaN(p.std()) ? 0 : p.std();
        s.add(x, p.mean(), p.mean() - std, p.mean() + std);
    }
}
