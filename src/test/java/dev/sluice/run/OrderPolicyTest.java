package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ordered keeps input order (Pool.map); completion passes results as they finish (imap_unordered). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderPolicyTest {

    @TempDir
    Path dir;

    /** The first item counts to 200 million (slow), the others to 1..3 (instant). */
    private static final String PROFILE = """
            name: order
            source: {list: [200000000, 1, 2, 3]}
            stages:
              - name: count
                kind: cpu
                function: count
                scheduler: {kind: bounded-elastic, threads: 4}
                concurrency: 4
            sink: {kind: jsonl, path: out.jsonl}
            """;

    private List<String> outputs(String order) throws IOException {
        VariantResult r = Profiles.run(PROFILE, dir, "stages.count.order=" + order);
        assertThat(r.items().ok()).isEqualTo(4);
        return Files.readAllLines(dir.resolve("out.jsonl"));
    }

    @Test
    void orderedEmitsInInputOrderEvenWhenTheFirstItemIsSlowest() throws IOException {
        assertThat(outputs("ordered")).containsExactly(
                "{\"value\":200000000}", "{\"value\":1}", "{\"value\":2}", "{\"value\":3}");
    }

    @Test
    void completionEmitsTheSlowItemLast() throws IOException {
        List<String> lines = outputs("completion");
        assertThat(lines).hasSize(4).last().isEqualTo("{\"value\":200000000}");
    }
}
