package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A whole pipeline profile: the engine that assembles it, where items come from, the stages they flow through, where they end,
 * how the load is applied, and (optionally) the test server started for the run. Immutable; every rule is checked here, where it is made.
 */
public record Profile(
        String name,
        String description,
        Engine engine,
        SourceSpec source,
        List<StageSpec> stages,
        SinkSpec sink,
        LoadSpec load,
        List<ThresholdSpec> thresholds,
        @Nullable ServerSpec server) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Profile {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(engine, "engine");
        requireNonNull(source, "source");
        requireNonNull(sink, "sink");
        requireNonNull(load, "load");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSpecException("name",
                    "must be letters, digits, '.', '_' or '-' (it names the run's folder), but was '" + name + "'");
        }
        stages = List.copyOf(stages);
        thresholds = List.copyOf(thresholds);
        if (stages.isEmpty()) {
            throw new InvalidSpecException("stages", "must hold at least one stage");
        }
        Set<String> seen = new HashSet<>();
        for (StageSpec stage : stages) {
            if (!seen.add(stage.name())) {
                throw new InvalidSpecException("stages", "has two stages named '" + stage.name()
                        + "'; give each stage a distinct 'name:'");
            }
        }
    }

    /** This profile with its source cut to its first {@code n} items (a short warm-up run). */
    public Profile withFirstItems(long n) {
        return new Profile(name, description, engine, source.firstItems(n), stages, sink, load, thresholds, server);
    }

    /** The stage with this name, if any. */
    public Optional<StageSpec> stage(String stageName) {
        return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
    }
}
