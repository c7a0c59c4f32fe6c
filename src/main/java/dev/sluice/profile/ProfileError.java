package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

/** One problem in a profile, printed as {@code file:line:col: message}. */
public record ProfileError(Position position, String message) {

    public ProfileError {
        requireNonNull(position, "position");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return position + ": " + message;
    }
}
