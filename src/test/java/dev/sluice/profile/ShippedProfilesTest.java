package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every profile in load-profiles/ loads, and so does every {@code --set} its comments suggest. */
class ShippedProfilesTest {

    private static final Path FOLDER = Path.of("load-profiles");

    /** A comment such as {@code #   ./sluice run load-profiles/x.yaml --set a=1 --set b=2}. */
    private static final Pattern RUN_COMMAND = Pattern.compile("^#\\s*\\./sluice run (\\S+\\.yaml)((?:\\s+--set\\s+.+)?)$");

    private static List<Path> shippedProfiles() throws IOException {
        try (Stream<Path> files = Files.walk(FOLDER)) {
            // load-profiles/servers/ holds configs for `sluice serve`, checked in SchemaTest.
            List<Path> profiles = files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.startsWith(FOLDER.resolve("servers"))).sorted().toList();
            assertThat(profiles).as("profiles under " + FOLDER.toAbsolutePath()).isNotEmpty();
            return profiles;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedProfileLoads() throws IOException {
        return shippedProfiles().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            ProfileLoader loader = new ProfileLoader(Map.of());
            if (loader.isSoak(file)) {
                assertThat(file.getFileName().toString()).isEqualTo(loader.loadSoak(file, List.of()).name() + ".yaml");
                return;
            }
            Profile profile = loader.load(file);
            assertThat(profile.stages()).isNotEmpty();
            assertThat(file.getFileName().toString()).isEqualTo(profile.name() + ".yaml");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyOverrideSuggestedInAShippedProfileLoads() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : shippedProfiles()) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = RUN_COMMAND.matcher(line.strip());
                if (!m.matches() || m.group(2).isBlank()) {
                    continue;
                }
                // Each --set runs to the next one; single quotes are the shell's and are taken off.
                List<String> sets = Arrays.stream(m.group(2).strip().substring("--set".length()).split("\\s+--set\\s+"))
                        .map(String::strip)
                        .map(a -> a.length() > 1 && a.startsWith("'") && a.endsWith("'") ? a.substring(1, a.length() - 1) : a)
                        .toList();
                Path target = Path.of(m.group(1));
                tests.add(DynamicTest.dynamicTest(target + " " + sets, () -> assertThatCode(() -> {
                    ProfileLoader loader = new ProfileLoader(Map.of());
                    if (loader.isSoak(target)) {
                        loader.loadSoak(target, sets);
                    } else {
                        loader.load(target, sets);
                    }
                }).doesNotThrowAnyException()));
            }
        }
        assertThat(tests).as("overrides suggested in the comments of the shipped profiles").isNotEmpty();
        return tests.stream();
    }
}
