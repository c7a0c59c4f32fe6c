package dev.sluice.profile;

import java.util.Map;

/**
 * The values a run fills into profile text once they are known ({@code ${server.url}} when the run's
 * server is up); the loader leaves these names in place (see {@code Interpolator.RUNTIME_NAMES}).
 */
public final class RuntimeValues {

    private RuntimeValues() {
    }

    /** {@code text} with every {@code ${NAME}} of {@code values} replaced; other text is left alone. */
    public static String fill(String text, Map<String, String> values) {
        if (values.isEmpty() || !text.contains("${")) {
            return text;
        }
        String filled = text;
        for (Map.Entry<String, String> e : values.entrySet()) {
            filled = filled.replace("${" + e.getKey() + "}", e.getValue());
        }
        return filled;
    }
}
