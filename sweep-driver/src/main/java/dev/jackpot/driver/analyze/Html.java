package dev.jackpot.driver.analyze;

import java.util.Locale;

/** Small helpers for writing report.html by hand: escaping and number formats. */
final class Html {
    private Html() {}

    static String esc(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number with {@code digits} decimals; an en dash for NULL or NaN. */
    static String num(Object o, int digits) {
        if (!(o instanceof Number n) || Double.isNaN(n.doubleValue())) return "–";
        return String.format(Locale.ROOT, "%." + digits + "f", n.doubleValue());
    }

    /** A signed number, for differences and correlations. */
    static String signed(Object o, int digits) {
        if (!(o instanceof Number n) || Double.isNaN(n.doubleValue())) return "–";
        return String.format(Locale.ROOT, "%+." + digits + "f", n.doubleValue());
    }

    /** mean ± std (n seeds); the std is left out when there is one seed. */
    static String meanStd(Object mean, Object std, Object seeds) {
        if (!(mean instanceof Number)) return "–";
        String s = num(mean, 2) + (std instanceof Number ? " ± " + num(std, 2) : "");
        return seeds instanceof Number n ? s + " <span class=n>(" + n + ")</span>" : s;
    }

    /** A condition state or verdict as a coloured badge. */
    static String badge(String state) {
        if (state == null) return "";
        String cls = switch (state) {
            case "pass", "jackpot" -> "ok";
            case "secondary prize" -> "half";
            case "fail", "none" -> "no";
            default -> "unk";
        };
        return "<span class=\"b " + cls + "\">" + esc(state) + "</span>";
    }
}
