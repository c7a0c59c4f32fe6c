package dev.sluice.profile;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A profile could not be loaded; carries every problem found, each with its position. */
public final class ProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ProfileError> errors;

    public ProfileException(List<ProfileError> errors) {
        super(format(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors must not be empty");
        }
        this.errors = List.copyOf(errors);
    }

    public ProfileException(ProfileError error) {
        this(List.of(error));
    }

    public List<ProfileError> errors() {
        return errors;
    }

    private static String format(List<ProfileError> errors) {
        return errors.stream()
                .sorted(Comparator.comparing((ProfileError e) -> e.position().source())
                        .thenComparingInt(e -> e.position().line())
                        .thenComparingInt(e -> e.position().column()))
                .map(ProfileError::toString)
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
