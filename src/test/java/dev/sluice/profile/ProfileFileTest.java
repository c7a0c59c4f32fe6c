package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a profile from a file: errors are positioned in that file. */
class ProfileFileTest {

    @TempDir
    Path dir;

    private final ProfileLoader loader = new ProfileLoader(Map.of());

    @Test
    void loadsProfileFromFile() throws IOException {
        Path file = Files.writeString(dir.resolve("square.yaml"), Loading.ONE_STAGE);
        Profile profile = loader.load(file);
        assertThat(profile.name()).isEqualTo("t");
        assertThat(profile.stage("square")).isPresent();
    }

    @Test
    void appliesOverridesToAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("square.yaml"), Loading.ONE_STAGE);
        assertThat(loader.load(file, List.of("stages.square.concurrency=9")).stages().get(0).concurrency()).isEqualTo(9);
    }

    @Test
    void positionsErrorsInTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), Loading.ONE_STAGE + "    schedular: parallel\n");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":8:5: unknown key 'schedular' in 'stages.square'; did you mean 'scheduler'?");
    }

    @Test
    void positionsYamlSyntaxErrorsInTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "name: t\n  bad: x\n");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":2:6: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void reportsMissingFile() {
        Path file = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":1:1: no such file");
    }

    @Test
    void reportsFileThatIsNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":1:1: the file is not UTF-8 text");
    }

    @Test
    void reportsEmptyFile() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":1:1: the profile is empty; it needs at least name, source and stages");
    }

    @Test
    void reportsFolderAsUnreadable() {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith(dir + ":1:1: cannot read the file: ");
    }
}
