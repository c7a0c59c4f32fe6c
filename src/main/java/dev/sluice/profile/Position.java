package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

/** Where something was written: a file (or a {@code --set} argument), 1-based line and column. */
public record Position(String source, int line, int column) {

    public Position {
        requireNonNull(source, "source");
    }

    /** A position for things that have no place in a file, such as a missing section. */
    public static Position of(String source) {
        return new Position(source, 1, 1);
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
