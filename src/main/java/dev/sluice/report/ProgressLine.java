package dev.sluice.report;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live line on a terminal: items done out of the total, rate, elapsed time. Redrawn in place with
 * a carriage return; {@link #clear()} wipes it before the summary is printed.
 */
public final class ProgressLine {

    private final PrintWriter out;
    private int lastWidth;

    public ProgressLine(PrintWriter out) {
        this.out = out;
    }

    public void update(long done, long total, double elapsedSeconds) {
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        String percent = total > 0 ? String.format(Locale.ROOT, " (%3.0f%%)", 100.0 * done / total) : "";
        String line = total > 0
                ? String.format(Locale.ROOT, "  %,d / %,d items%s   %s items/s   %.1f s",
                        done, total, percent, ConsoleReport.rate(rate), elapsedSeconds)
                : String.format(Locale.ROOT, "  %,d items   %s items/s   %.1f s", done, ConsoleReport.rate(rate),
                        elapsedSeconds);
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    public void clear() {
        if (lastWidth > 0) {
            // Two more columns for a "^C" the terminal may have echoed after the line.
            out.print("\r" + " ".repeat(lastWidth + 2) + "\r");
            out.flush();
            lastWidth = 0;
        }
    }
}
