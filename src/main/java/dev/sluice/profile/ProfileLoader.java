package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Loads a profile (or a test server's configuration): compose the YAML with positions, apply {@code --set}
 * overrides, interpolate, bind to records. Every failure is a {@link ProfileException} whose lines read
 * {@code file:line:col: message}.
 */
public final class ProfileLoader {

    /** How a server config file's top level is named in messages, where a profile's would be "the profile". */
    private static final String SERVER_CONFIG = "the server config";

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
        return parse(read(file), file.toString(), sets);
    }

    /** Reads and validates profile text; {@code sourceName} is used in positions. */
    public Profile parse(String text, String sourceName, List<String> sets) {
        Node root = composed(text, sourceName);
        Problems problems = new Problems(sourceName);
        new Overrides(yaml).apply(root, sets, problems);
        // The plan keys (variants, sweep, repeat, warmup) are parsePlan's; this is the file's own profile.
        PlanReader.takeFrom(root);
        return bound(root, problems, sourceName);
    }

    private Node composed(String text, String sourceName) {
        Node root = yaml.compose(text, sourceName).orElse(null);
        if (root == null) {
            throw new ProfileException(new ProfileError(Position.of(sourceName),
                    "the profile is empty; it needs at least name, source and stages"));
        }
        return root;
    }

    /** The profile bound from {@code root}; every problem found so far (and in binding) is thrown. */
    private Profile bound(Node root, Problems problems, String sourceName) {
        Profile profile = new ProfileBinder(problems, new Interpolator(env, Map.of())).bind(root);
        problems.throwIfAny();
        if (profile == null) {
            throw new IllegalStateException("profile " + sourceName + " was not built, yet no problem was recorded");
        }
        return profile;
    }

    /** Reads a profile with its plan: its variants (or sweep), repeat and warm-up runs. */
    public Plan loadPlan(Path file, List<String> sets) {
        return parsePlan(read(file), file.toString(), sets);
    }

    /**
     * Reads profile text with its plan. Each variant is the file with {@code sets} applied and then
     * the variant's own values, bound and validated separately; every problem is reported at once.
     */
    public Plan parsePlan(String text, String sourceName, List<String> sets) {
        Node root = composed(text, sourceName);
        Problems problems = new Problems(sourceName);
        // --set applies to the plan too (--set repeat=3), so it goes in before the plan keys come out.
        new Overrides(yaml).apply(root, sets, problems);
        Map<String, org.snakeyaml.engine.v2.nodes.NodeTuple> planKeys = PlanReader.takeFrom(root);
        Profile base = bound(root, problems, sourceName);
        PlanReader reader = new PlanReader(problems, overrides -> {
            Node fresh = yaml.compose(text, sourceName).orElseThrow();
            // Problems of the command line's sets were reported once, for the base profile.
            new Overrides(yaml).apply(fresh, sets, new Problems(sourceName));
            PlanReader.takeFrom(fresh);
            for (PlanReader.Override o : overrides) {
                Overrides.setNode(fresh, o.path(), o.value(), o.at(), problems);
            }
            return new ProfileBinder(problems, new Interpolator(env, Map.of())).bind(fresh);
        });
        Plan plan = reader.read(planKeys, base);
        problems.throwIfAny();
        if (plan == null) {
            throw new IllegalStateException("the plan of " + sourceName + " was not built, yet no problem was recorded");
        }
        return plan;
    }

    /** True when the file is a soak profile: a mapping with a top-level {@code soak:} key. */
    public boolean isSoak(Path file) {
        return topLevelKeys(file).map(keys -> keys.contains("soak")).orElse(false);
    }

    /** Reads and validates a soak profile, with {@code sets} applied on top. */
    public SoakProfile loadSoak(Path file, List<String> sets) {
        return parseSoak(read(file), file.toString(), sets);
    }

    /** Reads and validates soak profile text; {@code sourceName} is used in positions. */
    public SoakProfile parseSoak(String text, String sourceName, List<String> sets) {
        Node root = composed(text, sourceName);
        Problems problems = new Problems(sourceName);
        new Overrides(yaml).apply(root, sets, problems);
        SoakProfile profile = MappingReader.of(root, "", problems, new Interpolator(env, Map.of()))
                .map(top -> new SoakBinder(problems).bind(top))
                .orElse(null);
        problems.throwIfAny();
        if (profile == null) {
            throw new IllegalStateException("soak profile " + sourceName + " was not built, yet no problem was recorded");
        }
        return profile;
    }

    /**
     * Reads a test server's configuration for {@code sluice serve --config FILE}: the file's top level is
     * what a profile writes under {@code server:}, and {@code sets} are relative to it
     * ({@code site.pages=1000}, {@code routes.site.latency=5ms}). Every key is optional, so an empty file
     * gives {@link ServerSpec#defaults()}. With no file ({@code null}), the same as {@link #serverFromSets}.
     */
    public ServerSpec loadServer(@Nullable Path file, List<String> sets) {
        if (file == null) {
            return serverFromSets(sets);
        }
        return parseServer(read(file), file.toString(), sets);
    }

    /**
     * True when the file is a server config for {@code sluice serve --config} rather than a profile:
     * a mapping with none of a profile's own keys ({@code name}, {@code source}, {@code stages}).
     * Unreadable or malformed files are not server configs (loading them as profiles says why).
     */
    public boolean isServerConfig(Path file) {
        return topLevelKeys(file).map(keys -> keys.stream().noneMatch(List.of("name", "source", "stages")::contains))
                .orElse(false);
    }

    /** The keys of the file's top-level mapping; empty when it is unreadable, malformed or not a mapping. */
    private java.util.Optional<List<String>> topLevelKeys(Path file) {
        try {
            Node root = yaml.compose(read(file), file.toString()).orElse(null);
            if (!(root instanceof MappingNode mapping)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(mapping.getValue().stream()
                    .map(t -> t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode key ? key.getValue() : "")
                    .toList());
        } catch (ProfileException e) {
            return java.util.Optional.empty();
        }
    }

    /** Reads and validates server configuration text (see {@link #loadServer}); {@code sourceName} goes in positions. */
    public ServerSpec parseServer(String text, String sourceName, List<String> sets) {
        Node root = yaml.compose(text, sourceName).orElseGet(ProfileLoader::emptyMapping);
        return bindServer(root, sourceName, sets);
    }

    /** The defaults with {@code sets} applied, for {@code sluice serve} without a config file. */
    public ServerSpec serverFromSets(List<String> sets) {
        return bindServer(emptyMapping(), "--set", sets);
    }

    private ServerSpec bindServer(Node root, String sourceName, List<String> sets) {
        Problems problems = new Problems(sourceName);
        Interpolator interpolator = new Interpolator(env, Map.of());
        if (root instanceof MappingNode) {
            // Overrides first: the reader takes the mapping's keys as it is made.
            new Overrides(yaml).apply(root, sets, problems);
        }
        ServerSpec server = MappingReader.root(root, SERVER_CONFIG, problems, interpolator)
                .map(reader -> new ServerBinder(problems).bind(reader))
                .orElse(null);
        problems.throwIfAny();
        if (server == null) {
            throw new IllegalStateException("server config " + sourceName
                    + " was not built, yet no problem was recorded");
        }
        return server;
    }

    /** A mapping with nothing in it, that {@code --set} can fill; its keys have no position of their own. */
    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProfileException(new ProfileError(Position.of(file.toString()), "no such file"));
        } catch (CharacterCodingException e) {
            throw new ProfileException(new ProfileError(Position.of(file.toString()), "the file is not UTF-8 text"));
        } catch (IOException e) {
            throw new ProfileException(new ProfileError(Position.of(file.toString()), "cannot read the file: " + e));
        }
    }
}
