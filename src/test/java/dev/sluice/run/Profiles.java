package dev.sluice.run;

import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds profiles from YAML text and runs them, for tests. */
public final class Profiles {

    private Profiles() {
    }

    public static Profile parse(String yaml, String... sets) {
        return new ProfileLoader(Map.of()).parse(yaml, "test.yaml", List.of(sets));
    }

    public static VariantResult run(String yaml, Path outDir, String... sets) {
        return new Runner().run(parse(yaml, sets), "default", outDir, RunListener.NONE);
    }

    /** The invariant every run keeps: each emitted item is ok, failed or dropped. */
    public static void assertAccounted(VariantResult r) {
        var i = r.items();
        if (i.emitted() != i.ok() + i.failed() + i.dropped()) {
            throw new AssertionError("items not accounted for: " + i);
        }
    }
}
