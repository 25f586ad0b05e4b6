package dev.jackpot.driver.analyze.chart;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** What every chart of the report shares: colours per ticket kind, fonts, legends, PNG encoding. */
public final class ChartKit {
    /** Kinds in the order legends list them. */
    public static final List<String> KIND_ORDER = List.of("DENSE", "LT", "RR", "RP", "SDT", "WR", "PF", "RT", "SM", "SI");

    private static final Map<String, Color> KIND_COLORS = Map.of(
            "DENSE", new Color(0x222222), "LT", new Color(0x1f77b4), "RR", new Color(0xd62728),
            "RP", new Color(0xff7f0e), "SDT", new Color(0x2ca02c), "WR", new Color(0x9467bd),
            "PF", new Color(0x8c564b), "RT", new Color(0xe377c2), "SM", new Color(0x7f7f7f),
            "SI", new Color(0xbcbd22));
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Stroke LINE = new BasicStroke(2f);
    static final Stroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    static {
        System.setProperty("java.awt.headless", "true");  // charts need no display, here or on a cluster node
    }

    /** A drawn chart: PNG bytes and its size. */
    public record Png(String title, byte[] bytes, int width, int height) {}

    private ChartKit() {}

    public static Color kindColor(String kind) {
        return KIND_COLORS.getOrDefault(kind, Color.GRAY);
    }

    static Color palette(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Kinds sorted as legends list them; unknown kinds last, by name. */
    static List<String> ordered(Collection<String> kinds) {
        return kinds.stream().sorted((a, b) -> {
            int ia = KIND_ORDER.indexOf(a), ib = KIND_ORDER.indexOf(b);
            if (ia < 0 && ib < 0) return a.compareTo(b);
            return Integer.compare(ia < 0 ? 99 : ia, ib < 0 ? 99 : ib);
        }).toList();
    }

    static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis(label);
        style(a);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    static void style(org.jfree.chart.axis.Axis a) {
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
    }

    /** One legend entry per series name, as a line in its colour: combined plots would repeat them per panel. */
    static LegendItemCollection legend(List<String> names, java.util.function.Function<String, Paint> paint) {
        LegendItemCollection items = new LegendItemCollection();
        for (String n : names) {
            LegendItem item = new LegendItem(n, null, null, null, new Rectangle(14, 4), paint.apply(n));
            items.add(item);
        }
        return items;
    }

    static ValueMarker dashedMarker(double value, Color color, String label) {
        ValueMarker m = new ValueMarker(value, color, DASHED);
        if (label != null) {
            // Left of the line, near the top: a marker at the right edge of a panel would clip it.
            m.setLabel(label);
            m.setLabelFont(TICK);
            m.setLabelPaint(color);
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 4));
        }
        return m;
    }

    static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setItemFont(LABEL);
            l.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }

    static Png png(String title, JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Png(title, out.toByteArray(), width, height);
    }

    /** A learning rate or width as a short label: 0.01, 1, 0.5. */
    static String number(double d) {
        return dev.jackpot.driver.analyze.CellKey.number(d);
    }
}
