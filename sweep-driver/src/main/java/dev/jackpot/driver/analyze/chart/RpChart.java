package dev.jackpot.driver.analyze.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.Color;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The LT's weight correlation R_p against the learning rate (log scale), one line per p with a ± one standard
 * deviation band, residual connections on and off side by side. A dashed line at R_p = p in the same colour is
 * what unrelated weights give: above it, the trained ticket still remembers θ0.
 */
public final class RpChart {
    static final int PANEL_WIDTH = 380;
    static final int HEIGHT = 400;

    /** R_p (mean and standard deviation over seeds) of the LT at one residual setting, lr and p. */
    public record Point(boolean residual, double lr, double p, double mean, double std) {}

    private RpChart() {}

    public static ChartKit.Png draw(String title, List<Point> points) {
        NumberAxis rp = ChartKit.axis("weight correlation R_p (LT)");
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(rp);
        plot.setGap(14);
        List<Double> ps = List.copyOf(points.stream().map(Point::p).collect(Collectors.toCollection(TreeSet::new)));
        for (boolean residual : new boolean[] {true, false}) {
            plot.add(panel(residual, points, ps), 1);
        }
        plot.setFixedLegendItems(ChartKit.legend(ps.stream().map(RpChart::label).toList(),
                name -> ChartKit.palette(ps.indexOf(Double.parseDouble(name.substring(4))))));
        JFreeChart chart = ChartKit.chart(title, plot, true);
        return ChartKit.png(title, chart, 2 * PANEL_WIDTH + 60, HEIGHT);
    }

    private static String label(double p) {
        return String.format(Locale.ROOT, "p = %.1f", p);
    }

    private static XYPlot panel(boolean residual, List<Point> points, List<Double> ps) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.18f);
        List<Point> mine = points.stream().filter(p -> p.residual() == residual).toList();
        LogAxis lr = new LogAxis("learning rate, residual " + (residual ? "on" : "off"));
        ChartKit.style(lr);
        lr.setSmallestValue(1e-6);
        // Ticks at whole decades, written as numbers (0.01, 0.1) rather than 10^-2.0.
        lr.setTickUnit(new NumberTickUnit(1));
        lr.setNumberFormatOverride(new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        XYPlot panel = new XYPlot(data, lr, null, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setNoDataMessage("not in this sweep");
        int series = 0;
        for (double p : ps) {
            List<Point> ofP = mine.stream().filter(x -> x.p() == p).sorted((a, b) -> Double.compare(a.lr(), b.lr())).toList();
            Color c = ChartKit.palette(ps.indexOf(p));
            if (!ofP.isEmpty()) {
                YIntervalSeries s = new YIntervalSeries(label(p));
                for (Point x : ofP) {
                    double std = Double.isNaN(x.std()) ? 0 : x.std();
                    s.add(x.lr(), x.mean(), x.mean() - std, x.mean() + std);
                }
                data.addSeries(s);
                renderer.setSeriesPaint(series, c);
                renderer.setSeriesFillPaint(series, c);
                renderer.setSeriesStroke(series, ChartKit.LINE);
                series++;
            }
            panel.addRangeMarker(ChartKit.dashedMarker(p, c, null));
        }
        return panel;
    }
}
