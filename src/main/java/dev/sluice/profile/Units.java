package dev.sluice.profile;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the quantities a profile is written in: durations ({@code 250ms}, {@code 1m30s}), rates
 * ({@code 200/s}), sizes ({@code 16KiB}) and byte rates ({@code 10KiB/s}). Each failure says what was expected.
 */
public final class Units {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(ms|s|m|min|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");
    private static final Pattern BYTE_RATE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?\\s*/\\s*([a-z]+)");

    private Units() {
    }

    /** {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h30m}, {@code 0}: a non-negative duration. */
    public static Duration duration(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a duration such as 250ms, 2s or 1m, but it was empty");
        }
        Matcher m = DURATION_PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                if (s.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                    throw new IllegalArgumentException("expected a duration with a unit (ns, us, ms, s, m, h, d), e.g. "
                            + s + "ms or " + s + "s, but was '" + text + "'");
                }
                throw new IllegalArgumentException("expected a duration such as 250ms, 2s, 1m or 1h30m, but was '" + text + "'");
            }
            try {
                nanos = Math.addExact(nanos, toNanos(Double.parseDouble(m.group(1)), m.group(2)));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration '" + text + "' is too long");
            }
            at = m.end();
        }
        return Duration.ofNanos(nanos);
    }

    private static long toNanos(double amount, String unit) {
        double factor = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> throw new IllegalStateException(unit);
        };
        double nanos = amount * factor;
        if (nanos > Long.MAX_VALUE) {
            throw new ArithmeticException("duration " + amount + unit + " is too long");
        }
        return Math.round(nanos);
    }

    /** {@code 200/s}, {@code 1200/m}, {@code 0.5/s}: events per second, > 0. */
    public static Rate rate(String text) {
        Matcher m = RATE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a rate such as 200/s, 1500/m or 2/ms, but was '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        double perSecond = switch (m.group(2)) {
            case "ms" -> amount * 1000;
            case "s" -> amount;
            case "m", "min" -> amount / 60;
            case "h" -> amount / 3600;
            default -> throw new IllegalStateException(m.group(2));
        };
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a rate must be > 0, but was '" + text + "'");
        }
        return new Rate(perSecond);
    }

    /** {@code 512}, {@code 100B}, {@code 16KiB}, {@code 1MiB}, {@code 10KB}: a number of bytes. */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 512, 100B, 16KiB, 1MiB or 10KB, but was '" + text + "'");
        }
        double bytes = Double.parseDouble(m.group(1)) * bytesIn(m.group(2));
        if (bytes > Long.MAX_VALUE) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return Math.round(bytes);
    }

    /**
     * {@code 10KiB/s}, {@code 1MiB/m}, {@code 500B/s}, {@code 64/ms}, {@code 0}: bytes per second, a size
     * over a time unit (ms, s, m or min, h). Zero means none; a positive rate below 1 byte/s is refused
     * rather than rounded to none.
     */
    public static long byteRate(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = BYTE_RATE.matcher(s);
        if (!m.matches()) {
            String hint = SIZE.matcher(s).matches() ? " (a size needs a time unit: " + s + "/s)" : "";
            throw new IllegalArgumentException("expected a byte rate such as 10KiB/s, 1MiB/m or 500B/s, but was '"
                    + text + "'" + hint);
        }
        double seconds = switch (m.group(3)) {
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "m", "min" -> 60;
            case "h" -> 3600;
            default -> throw new IllegalArgumentException("expected a byte rate per ms, s, m or h (e.g. 10KiB/s), but '"
                    + text + "' is per '" + m.group(3) + "'");
        };
        double perSecond = Double.parseDouble(m.group(1)) * bytesIn(m.group(2)) / seconds;
        if (perSecond >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("byte rate '" + text + "' is too large");
        }
        long rounded = Math.round(perSecond);
        if (rounded == 0 && perSecond > 0) {
            throw new IllegalArgumentException("byte rate '" + text + "' is below 1 byte per second; write 0 for none"
                    + " or at least 1B/s");
        }
        return rounded;
    }

    private static double bytesIn(@Nullable String unit) {
        return switch (unit == null ? "B" : unit) {
            case "B" -> 1;
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            case "GiB" -> 1024.0 * 1024 * 1024;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** Renders a duration the way a profile would write it, e.g. {@code 250ms}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0";
        }
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return String.format(Locale.ROOT, "%dns", nanos);
    }
}
