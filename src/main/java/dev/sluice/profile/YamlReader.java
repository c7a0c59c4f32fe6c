package dev.sluice.profile;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Composes YAML into a node tree that keeps every position. Safe by construction: only the node tree
 * is built (no Java objects from tags), recursive keys are refused, aliases to lists or mappings are
 * capped so a "billion laughs" file is an error rather than an out-of-memory, and nesting is capped so
 * a file of brackets is an error rather than a stack overflow.
 */
final class YamlReader {

    /** Aliases to lists or mappings one profile may use; a real profile needs a handful at most. */
    static final int MAX_COLLECTION_ALIASES = 20;
    /** Largest profile accepted, in code points. */
    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;
    /** Lists and mappings inside one another; a real profile nests a handful deep. */
    static final int MAX_NESTING_DEPTH = 64;

    Optional<Node> compose(String text, String sourceName) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(sourceName)
                .setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(true) // reported with both positions by MappingReader instead
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setUseMarks(true)
                .build();
        try {
            checkNesting(settings, text, sourceName);
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Position at = e.getProblemMark().or(e::getContextMark).map(Problems::position)
                    .orElse(Position.of(sourceName));
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new ProfileException(new ProfileError(at, "invalid YAML: " + problem.strip() + context));
        } catch (YamlEngineException e) {
            String message = e.getMessage() == null ? "malformed YAML" : e.getMessage();
            if (message.contains("aliases")) {
                message = "too many aliases to lists or mappings (more than " + MAX_COLLECTION_ALIASES
                        + "); a profile needs few, and a file built of nested aliases (a 'billion laughs') is refused";
            } else if (message.contains("code point")) {
                message = "the profile is too large (over " + MAX_CODE_POINTS + " characters)";
            }
            throw new ProfileException(new ProfileError(Position.of(sourceName), "invalid YAML: " + message));
        }
    }

    /**
     * The composer recurses once per level, so ten thousand '[' would overflow the stack; the parser
     * keeps its own stack, so the depth is checked on its events first.
     */
    private static void checkNesting(LoadSettings settings, String text, String sourceName) {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_NESTING_DEPTH) {
                        Position at = event.getStartMark().map(Problems::position).orElse(Position.of(sourceName));
                        throw new ProfileException(new ProfileError(at,
                                "invalid YAML: nested more than " + MAX_NESTING_DEPTH + " levels deep"));
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> {
                }
            }
        }
    }
}
