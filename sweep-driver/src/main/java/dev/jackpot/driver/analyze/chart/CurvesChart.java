package dev.jackpot.driver.analyze.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Training curves of one cell: test accuracy after every epoch, mean over seeds, one panel per learning rate;
 * the dense run and every ticket kind at one sparsity (named in the title).
 */
public final class CurvesChart {
    static final int PANEL_WIDTH = 340;
    static final int HEIGHT = 360;

    /** The mean test accuracy (points) of one kind after one epoch at one lr. */
    public record Point(double lr, String kind, int epoch, double acc) {}

    private CurvesChart() {}

    public static ChartKit.Png draw(String title, List<Point> points) {
        NumberAxis accuracy = ChartKit.axis("test accuracy (%)");
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(accuracy);
        plot.setGap(12);
        List<String> kinds = ChartKit.ordered(points.stream().map(Point::kind).collect(Collectors.toCollection(TreeSet::new)));
        TreeMap<Double, List<Point>> byLr = points.stream()
                .collect(Collectors.groupingBy(Point::lr, TreeMap::new, Collectors.toList()));
        byLr.forEach((lr, atLr) -> plot.add(panel(lr, atLr, kinds), 1));
        plot.setFixedLegendItems(ChartKit.legend(kinds, ChartKit::kindColor));
        JFreeChart chart = ChartKit.chart(title, plot, true);
        return ChartKit.png(title, chart, Math.max(480, PANEL_WIDTH * byLr.size()), HEIGHT);
    }

    private static XYPlot panel(double lr, List<Point> atLr, List<String> kinds) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int series = 0;
        for (String kind : kinds) {
            List<Point> ofKind = atLr.stream().filter(p -> p.kind().equals(kind)).toList();
            if (ofKind.isEmpty()) continue;
            XYSeries s = new XYSeries(kind);
            ofKind.forEach(p -> s.add(p.epoch(), p.acc()));
            data.addSeries(s);
            renderer.setSeriesPaint(series, ChartKit.kindColor(kind));
            renderer.setSeriesStroke(series, kind.equals("DENSE") ? ChartKit.DASHED : ChartKit.LINE);
            series++;
        }
        NumberAxis epoch = ChartKit.axis("epoch at lr " + ChartKit.number(lr));
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot panel = new XYPlot(data, epoch, null, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(new Color(0xdddddd));
        panel.setRangeGridlinePaint(new Color(0xdddddd));
        return panel;
    }
}
