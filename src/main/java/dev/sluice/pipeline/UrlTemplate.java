package dev.sluice.pipeline;

import dev.sluice.profile.RuntimeValues;
import java.util.Map;

/** Fills {@code ${item}} and the run's values ({@code ${server.url}}) into an http stage's text. */
final class UrlTemplate {

    private final String text;
    private final boolean perItem;

    UrlTemplate(String text, Map<String, String> runtimeValues) {
        String filled = RuntimeValues.fill(text, runtimeValues);
        this.text = filled;
        this.perItem = filled.contains("${item}");
    }

    /** Whether the text depends on the item; when not, {@link #fill} always gives the same text. */
    boolean perItem() {
        return perItem;
    }

    String fill(Object item) {
        return perItem ? text.replace("${item}", String.valueOf(item)) : text;
    }
}
