package dev.sluice.profile;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems found while reading one profile, so all of them are reported at once. */
final class Problems {

    private final String source;
    private final List<ProfileError> errors = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(Node at, String message) {
        errors.add(new ProfileError(positionOf(at), message));
    }

    void add(Position at, String message) {
        errors.add(new ProfileError(at, message));
    }

    int count() {
        return errors.size();
    }

    Position positionOf(Node node) {
        return node.getStartMark().map(Problems::position).orElse(Position.of(source));
    }

    static Position position(Mark mark) {
        return new Position(mark.getName(), mark.getLine() + 1, mark.getColumn() + 1);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ProfileException(errors);
        }
    }
}
