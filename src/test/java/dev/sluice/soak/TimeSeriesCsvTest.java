package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {

    private static final List<String> COLUMNS = List.of("t_s", "throughput", "p99_ms", "client_open", "heap_after_gc_bytes");

    @Test
    void partialFileIsValidCsvAndReadsBack(@TempDir Path dir) throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // decimal comma: must not leak into the file
        TimeSeriesCsv csv = TimeSeriesCsv.in(dir, COLUMNS);
        try {
            csv.append(0, 1234.5, 12.25, 20_000, 3.0e8);
            csv.append(10, 1250.125, Double.NaN, 19_998, 314_572_800);
            csv.append(20, 1e-7, 0.1, 0, 1L << 40);
            // Not closed: what a Ctrl-C in the middle of the run leaves.
            Path file = dir.resolve("timeseries.csv");
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines).containsExactly(
                    "t_s,throughput,p99_ms,client_open,heap_after_gc_bytes",
                    "0,1234.5,12.25,20000,300000000",
                    "10,1250.125,,19998,314572800",
                    "20,0.0000001,0.1,0,1099511627776");
            assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(COLUMNS.size()));

            TimeSeriesCsv.Table table = TimeSeriesCsv.read(file);
            assertThat(table.columns()).isEqualTo(COLUMNS);
            assertThat(table.rows()).hasSize(3);
            assertThat(table.column("t_s")).containsExactly(0, 10, 20);
            assertThat(table.column("throughput")).containsExactly(1234.5, 1250.125, 1e-7);
            assertThat(table.column("p99_ms")[1]).isNaN();
            assertThat(table.column("heap_after_gc_bytes")).containsExactly(3.0e8, 314_572_800, 1L << 40);
        } finally {
            Locale.setDefault(before);
            csv.close();
        }
    }

    @Test
    void rowCutShortByAKillIsLeftOut(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(TimeSeriesCsv.FILE_NAME);
        try (TimeSeriesCsv csv = TimeSeriesCsv.create(file, List.of("t_s", "x"))) {
            csv.append(0, 1);
        }
        Files.writeString(file, "10,2", StandardOpenOption.APPEND); // half a row, no line end
        TimeSeriesCsv.Table table = TimeSeriesCsv.read(file);
        assertThat(table.rows()).hasSize(1);
        assertThat(table.column("x")).containsExactly(1);
    }

    @Test
    void doublesRoundTripExactly(@TempDir Path dir) throws IOException {
        double[] values = {Math.PI, -0.001, 123456789.123, 2.5e-300, 1.7976931348623157e308, -42};
        Path file = dir.resolve(TimeSeriesCsv.FILE_NAME);
        try (TimeSeriesCsv csv = TimeSeriesCsv.create(file, List.of("v"))) {
            for (double v : values) {
                csv.append(v);
            }
        }
        assertThat(TimeSeriesCsv.read(file).column("v")).containsExactly(values);
        assertThat(Files.readString(file)).doesNotContain("E");
    }

    @Test
    void misuseIsNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> TimeSeriesCsv.in(dir, List.of("a", "a")))
                .hasMessage("columns must be unique, but 'a' came twice");
        assertThatThrownBy(() -> TimeSeriesCsv.in(dir, List.of("a,b")))
                .hasMessage("columns must be non-blank names without comma, quote or line break, but one was 'a,b'");
        TimeSeriesCsv csv = TimeSeriesCsv.in(dir, List.of("a", "b"));
        assertThatThrownBy(() -> csv.append(1)).hasMessage("a row must have one value per column (2), but had 1");
        assertThatThrownBy(() -> csv.append(1, Double.POSITIVE_INFINITY))
                .hasMessage("values must be finite or NaN (unknown), but one was Infinity");
        csv.close();
        assertThatThrownBy(() -> csv.append(1, 2)).isInstanceOf(IllegalStateException.class);
        assertThat(TimeSeriesCsv.read(dir.resolve(TimeSeriesCsv.FILE_NAME)).rows()).isEmpty();
    }
}
