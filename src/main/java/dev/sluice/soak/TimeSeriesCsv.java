package dev.sluice.soak;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A per-window series written to {@code timeseries.csv} as the run goes: the header once, then one row per
 * window, each row handed to the operating system in one write as soon as it is appended. A run stopped
 * by Ctrl-C (or killed) leaves a valid file of the windows so far; a row cut short by a kill in the middle
 * of its write has no line end, and {@link #read} leaves it out.
 *
 * <p>Numbers are written without locale: integral values as integers ({@code 20000}), others in plain
 * decimal notation with the digits that read back to the same double ({@code 0.125}, never
 * {@code 1.25E-1} nor {@code 0,125}); NaN (unknown) as an empty field. Column names are given once and
 * must be plain (no comma, quote or line break), so no field is ever quoted. Lines end with {@code \n}.
 * The file is truncated if it exists. Appending is thread-safe.
 */
public final class TimeSeriesCsv implements Closeable {

    /** The file's usual name in a run's directory. */
    public static final String FILE_NAME = "timeseries.csv";

    private final List<String> columns;
    private final OutputStream out;
    private boolean closed;

    /** The series read back: column names and one array of values per row (NaN where empty). */
    public record Table(List<String> columns, List<double[]> rows) {

        /** One column's values, row by row. */
        public double[] column(String name) {
            int index = columns.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("no column '" + name + "' in " + columns);
            }
            return rows.stream().mapToDouble(r -> r[index]).toArray();
        }
    }

    private TimeSeriesCsv(List<String> columns, OutputStream out) {
        this.columns = columns;
        this.out = out;
    }

    /** Creates (or truncates) {@code file} and writes the header. */
    public static TimeSeriesCsv create(Path file, List<String> columns) throws IOException {
        List<String> names = List.copyOf(columns);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("columns must not be empty");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank() || name.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("columns must be non-blank names without comma, quote or line break, but one was '"
                        + name + "'");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("columns must be unique, but '" + name + "' came twice");
            }
        }
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        TimeSeriesCsv csv = new TimeSeriesCsv(names, out);
        try {
            csv.writeLine(String.join(",", names));
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return csv;
    }

    /** Creates {@value #FILE_NAME} in {@code directory}. */
    public static TimeSeriesCsv in(Path directory, List<String> columns) throws IOException {
        return create(directory.resolve(FILE_NAME), columns);
    }

    /** The column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** Writes one window's row, one value per column in order, and hands it to the operating system. */
    public synchronized void append(double... values) throws IOException {
        if (closed) {
            throw new IllegalStateException("the time series is closed");
        }
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row must have one value per column (" + columns.size() + "), but had "
                    + values.length);
        }
        StringBuilder line = new StringBuilder(values.length * 12);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(format(values[i]));
        }
        writeLine(line.toString());
    }

    private void writeLine(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A value as written: integers plainly, NaN empty, others in plain decimal notation. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("values must be finite or NaN (unknown), but one was " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    /**
     * Reads a file written by this class, complete or cut short: the header, then every row that ends with
     * a line break (a last row without one was cut by a kill and is left out).
     */
    public static Table read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf('\n');
        if (headerEnd < 0) {
            throw new IOException(file + " has no complete header line");
        }
        List<String> columns = List.of(text.substring(0, headerEnd).split(",", -1));
        List<double[]> rows = new ArrayList<>();
        int start = headerEnd + 1;
        int line = 2;
        for (int end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start), line++) {
            String[] fields = text.substring(start, end).split(",", -1);
            if (fields.length != columns.size()) {
                throw new IOException(file + ":" + line + " has " + fields.length + " fields, but the header has " + columns.size());
            }
            double[] row = new double[fields.length];
            for (int i = 0; i < fields.length; i++) {
                try {
                    row[i] = fields[i].isEmpty() ? Double.NaN : Double.parseDouble(fields[i]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + line + " column " + columns.get(i) + " is not a number: '" + fields[i] + "'", e);
                }
            }
            rows.add(row);
            start = end + 1;
        }
        return new Table(columns, List.copyOf(rows));
    }
}
