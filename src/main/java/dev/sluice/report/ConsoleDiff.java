package dev.sluice.report;

import java.io.PrintWriter;
import java.util.Locale;

/** Two runs' differences as a table on the console: one line per figure, changes judged better or worse. */
public final class ConsoleDiff {

    private ConsoleDiff() {
    }

    public static void print(RunDiff diff, String before, String after, PrintWriter out) {
        out.printf(Locale.ROOT, "before: %s%nafter:  %s%n", before, after);
        int variantWidth = Math.max(7, diff.rows().stream().mapToInt(r -> r.variant().length()).max().orElse(7));
        int figureWidth = Math.max(6, diff.rows().stream().mapToInt(r -> r.figure().length()).max().orElse(6));
        String line = "  %-" + variantWidth + "s  %-" + figureWidth + "s %14s %14s %9s  %s%n";
        out.printf(Locale.ROOT, line, "variant", "figure", "before", "after", "change", "");
        String last = null;
        for (RunDiff.Row r : diff.rows()) {
            out.printf(Locale.ROOT, line, r.variant().equals(last) ? "" : r.variant(), r.figure(), value(r.before()),
                    value(r.after()), r.change() == null ? "" : String.format(Locale.ROOT, "%+.1f%%", r.change() * 100),
                    r.judgement());
            last = r.variant();
        }
        if (!diff.onlyBefore().isEmpty()) {
            out.println("  only before: " + String.join(", ", diff.onlyBefore()));
        }
        if (!diff.onlyAfter().isEmpty()) {
            out.println("  only after: " + String.join(", ", diff.onlyAfter()));
        }
        long better = diff.rows().stream().filter(r -> r.judgement().equals("better")).count();
        long worse = diff.rows().stream().filter(r -> r.judgement().equals("worse")).count();
        out.printf(Locale.ROOT, "%d figure(s) better, %d worse (changes under %.0f%% not judged)%n", better, worse,
                RunDiff.NOISE * 100);
    }

    private static String value(@org.jspecify.annotations.Nullable Double v) {
        if (v == null) {
            return "-";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", v.longValue())
                : String.format(Locale.ROOT, "%,.3f", v);
    }
}
