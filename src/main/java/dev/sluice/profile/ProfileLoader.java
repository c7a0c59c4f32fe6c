package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads a profile: compose the YAML with positions, apply {@code --set} overrides, interpolate, bind to
 * records. Every failure is a {@link ProfileException} whose lines read {@code file:line:col: message}.
 */
public final class ProfileLoader {

    private final Map<String, String> env;
    private final YamlReader yaml = new YamlReader();

    /** A loader that reads {@code ${env:NAME}} from the process environment. */
    public ProfileLoader() {
        this(System.getenv());
    }

    /** A loader with the given environment, for tests and embedding. */
    public ProfileLoader(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env"));
    }

    public Profile load(Path file) {
        return load(file, List.of());
    }

    /** Reads and validates {@code file}, with {@code sets} ({@code PATH=VALUE}) applied on top. */
    public Profile load(Path file, List<String> sets) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProfileException(new ProfileError(Position.of(file.toString()), "no such file"));
        } catch (CharacterCodingException e) {
            throw new ProfileException(new ProfileError(Position.of(file.toString()), "the file is not UTF-8 text"));
        } catch (IOException e) {
            throw new ProfileException(new ProfileError(Position.of(file.toString()), "cannot read the file: " + e));
        }
        return parse(text, file.toString(), sets);
    }

    /** Reads and validates profile text; {@code sourceName} is used in positions. */
    public Profile parse(String text, String sourceName, List<String> sets) {
        Node root = yaml.compose(text, sourceName).orElse(null);
        if (root == null) {
            throw new ProfileException(new ProfileError(Position.of(sourceName),
                    "the profile is empty; it needs at least name, source and stages"));
        }
        Problems problems = new Problems(sourceName);
        new Overrides(yaml).apply(root, sets, problems);
        Profile profile = new ProfileBinder(problems, new Interpolator(env, Map.of())).bind(root);
        problems.throwIfAny();
        if (profile == null) {
            throw new IllegalStateException("profile " + sourceName + " was not built, yet no problem was recorded");
        }
        return profile;
    }
}
