package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped seed profiles run under every scheduler kind by --set, and compute the same results
 * under each (same sink checksum). Sizes are shrunk by --set so the suite stays fast.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeedProfilesAcrossKindsTest {

    private static final String[] KINDS = {"single", "bounded-elastic", "virtual", "parallel", "process"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "load-profiles/seeds/cpu-sum-of-squares.yaml, square, vars.base=200000",
        "load-profiles/seeds/count.yaml, count, 'source.list=[3000000, 3000000, 3000000, 3000000]'",
    })
    void runsUnderEverySchedulerKindWithTheSameResults(String file, String stage, String shrink) {
        Set<Object> checksums = new HashSet<>();
        for (String kind : KINDS) {
            var profile = new dev.sluice.profile.ProfileLoader(java.util.Map.of())
                    .load(Path.of(file), java.util.List.of(shrink, "stages." + stage + ".scheduler=" + kind));
            VariantResult r = new Runner().run(profile, kind, dir, RunListener.NONE);
            assertThat(r.status()).as(kind).isEqualTo("ok");
            assertThat(r.items().ok()).as(kind).isEqualTo(profile.source().total());
            assertThat(r.thresholdsPassed()).as(kind).isTrue();
            assertThat(r.stages().getFirst().scheduler()).isEqualTo(kind);
            checksums.add(r.sink().get("checksum"));
        }
        assertThat(checksums).as("every kind computed the same values").hasSize(1);
    }
}
