package dev.jackpot.driver.analyze;

import org.apache.spark.sql.Row;

import java.util.Comparator;
import java.util.Locale;

/** A cell of the analysis: every setting but the learning rate and the seed. */
public record CellKey(String architecture, int depth, double width, boolean residual, String dataset, int epochs,
                      String method) implements Comparable<CellKey> {

    private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::architecture)
            .thenComparing(CellKey::dataset).thenComparingInt(CellKey::epochs).thenComparing(CellKey::method)
            .thenComparingDouble(CellKey::width).thenComparing(CellKey::residual);

    /** From any analysis row with the cell columns (architecture, depth, width, residual, dataset, epochs, pruning_method). */
    public static CellKey of(Row r) {
        return new CellKey(r.getAs("architecture"), ((Number) r.getAs("depth")).intValue(),
                ((Number) r.getAs("width")).doubleValue(), r.getAs("residual"), r.getAs("dataset"),
                ((Number) r.getAs("epochs")).intValue(), r.getAs("pruning_method"));
    }

    /** The same cell without its residual setting: the group a side-by-side residual on/off chart shows. */
    public CellKey withoutResidual() {
        return new CellKey(architecture, depth, width, false, dataset, epochs, method);
    }

    public String label() {
        return String.format(Locale.ROOT, "%s, width %s, residual %s, %s, %d epochs, %s", architecture, number(width),
                residual ? "on" : "off", dataset, epochs, method.toUpperCase(Locale.ROOT));
    }

    /** A number without a trailing ".0" (width 1, lr 0.01). */
    public static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
