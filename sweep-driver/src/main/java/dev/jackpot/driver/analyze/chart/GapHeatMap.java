package dev.jackpot.driver.analyze.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;
import java.awt.Paint;
import java.util.List;
import java.util.Locale;

/**
 * The LT - RR gap as a heat map over learning rate (x) and width (y), residual connections on and off side by
 * side: blue where the lottery ticket beats random re-initialisation, red where it loses, white at 0, each block
 * labelled with its value. The colour scale is symmetric around 0.
 */
public final class GapHeatMap {
    static final int PANEL_WIDTH = 90;
    static final int HEIGHT_PER_WIDTH = 60;

    /** The mean gap (points) of one residual setting, lr and width. */
    public record Point(boolean residual, double lr, double width, double gap) {}

    private GapHeatMap() {}

    public static ChartKit.Png draw(String title, List<Point> points, List<Double> lrs, List<Double> widths) {
        String[] widthLabels = widths.stream().map(ChartKit::number).toArray(String[]::new);
        SymbolAxis y = new SymbolAxis("width multiplier", widthLabels);
        ChartKit.style(y);
        y.setRange(-0.5, widths.size() - 0.5);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(y);
        plot.setGap(16);
        double extent = Math.max(0.5, points.stream().mapToDouble(p -> Math.abs(p.gap())).max().orElse(0.5));
        Diverging scale = new Diverging(extent);
        for (boolean residual : new boolean[] {true, false}) {
            plot.add(panel(residual, points, lrs, widths, scale), 1);
        }
        JFreeChart chart = ChartKit.chart(title, plot, false);
        NumberAxis scaleAxis = ChartKit.axis("LT - RR accuracy gap (points)");
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setMargin(new RectangleInsets(4, 60, 4, 60));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        int width = Math.max(640, 2 * PANEL_WIDTH * lrs.size() + 160);
        int height = Math.max(340, HEIGHT_PER_WIDTH * widths.size() + 230);
        return ChartKit.png(title, chart, width, height);
    }

    private static XYPlot panel(boolean residual, List<Point> points, List<Double> lrs, List<Double> widths,
                                PaintScale scale) {
        List<Point> mine = points.stream().filter(p -> p.residual() == residual).toList();
        double[][] xyz = new double[3][mine.size()];
        for (int i = 0; i < mine.size(); i++) {
            xyz[0][i] = lrs.indexOf(mine.get(i).lr());
            xyz[1][i] = widths.indexOf(mine.get(i).width());
            xyz[2][i] = mine.get(i).gap();
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("gap", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis x = new SymbolAxis("learning rate, residual " + (residual ? "on" : "off"),
                lrs.stream().map(ChartKit::number).toArray(String[]::new));
        ChartKit.style(x);
        x.setRange(-0.5, lrs.size() - 0.5);
        XYPlot panel = new XYPlot(data, x, null, renderer);
        panel.setBackgroundPaint(new Color(0xf4f4f4));
        panel.setDomainGridlinesVisible(false);
        panel.setRangeGridlinesVisible(false);
        panel.setNoDataMessage("not in this sweep");
        for (int i = 0; i < mine.size(); i++) {
            XYTextAnnotation label = new XYTextAnnotation(String.format(Locale.ROOT, "%+.2f", xyz[2][i]), xyz[0][i], xyz[1][i]);
            label.setFont(ChartKit.LABEL);
            panel.addAnnotation(label);
        }
        return panel;
    }

    /** Red (negative) through white (0) to blue (positive), clamped at ± extent. */
    static final class Diverging implements PaintScale {
        private final double extent;

        Diverging(double extent) {
            this.extent = extent;
        }

        @Override
        public double getLowerBound() {
            return -extent;
        }

        @Override
        public double getUpperBound() {
            return extent;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) return Color.LIGHT_GRAY;
            double t = Math.max(-1, Math.min(1, value / extent));
            Color end = t >= 0 ? new Color(0x2166ac) : new Color(0xb2182b);
            double a = Math.abs(t);
            return new Color(mix(255, end.getRed(), a), mix(255, end.getGreen(), a), mix(255, end.getBlue(), a));
        }

        private static int mix(int from, int to, double a) {
            return (int) Math.round(from + (to - from) * a);
        }
    }
}
