package dev.sluice.profile;

/**
 * Thrown by a spec record's constructor when a value breaks a rule. Names the field so the
 * loader can point at the line that holds it.
 */
public final class InvalidSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSpecException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    /** The record component (as written in YAML) that broke the rule. */
    public String field() {
        return field;
    }

    static int positive(String field, int value) {
        if (value <= 0) {
            throw new InvalidSpecException(field, "must be > 0, but was " + value);
        }
        return value;
    }

    static long positive(String field, long value) {
        if (value <= 0) {
            throw new InvalidSpecException(field, "must be > 0, but was " + value);
        }
        return value;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidSpecException(field, "must be >= 0, but was " + value);
        }
        return value;
    }

    static java.time.Duration notNegative(String field, java.time.Duration value) {
        if (value.isNegative()) {
            throw new InvalidSpecException(field, "must not be negative, but was " + value);
        }
        return value;
    }
}
