package dev.sluice.profile;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}}, {@code ${env:NAME:-default}} and {@code ${name}} (a key under
 * {@code vars:}) in profile values. Names the run fills in later ({@code ${item}}, {@code ${server.url}})
 * are left as they are; {@code $${} writes a literal {@code ${}.
 */
final class Interpolator {

    /** Filled in at run time, per item or once the run's server is up. */
    static final Set<String> RUNTIME_NAMES = Set.of("item", "server.url", "server.host", "server.port");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");

    private final Map<String, String> env;
    private final Map<String, String> vars;

    Interpolator(Map<String, String> env, Map<String, String> vars) {
        this.env = env;
        this.vars = vars;
    }

    Interpolator withVars(Map<String, String> newVars) {
        return new Interpolator(env, newVars);
    }

    /** The text with every reference replaced; throws with a message fit for the user. */
    String resolve(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "${";
            } else {
                replacement = lookup(m.group(1).strip(), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String lookup(String name, String whole) {
        if (name.startsWith("env:")) {
            String spec = name.substring(4);
            int dflt = spec.indexOf(":-");
            String var = dflt < 0 ? spec : spec.substring(0, dflt);
            String value = env.get(var);
            if (value != null && !value.isEmpty()) {
                return value;
            }
            if (dflt >= 0) {
                return spec.substring(dflt + 2);
            }
            throw new IllegalArgumentException("environment variable " + var + " is not set (" + whole
                    + "); export it, or give a default: ${env:" + var + ":-VALUE}");
        }
        if (RUNTIME_NAMES.contains(name)) {
            return whole;
        }
        String value = vars.get(name);
        if (value == null) {
            String hint = Suggestions.closest(name, vars.keySet()).map(c -> " (did you mean '" + c + "'?)").orElse("");
            throw new IllegalArgumentException("variable '" + name + "' is not set" + hint
                    + "; define it under vars:, or use ${env:NAME} for an environment variable");
        }
        return value;
    }
}
