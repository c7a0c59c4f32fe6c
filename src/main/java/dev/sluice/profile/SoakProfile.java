package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A soak profile: its name and description, the test server started for it (if any), the soak, and the
 * thresholds its result must keep (paths into a soak's result.json; {@link ThresholdSpec#SOAK_METRICS}).
 */
public record SoakProfile(String name, String description, @Nullable ServerSpec server, SoakSpec soak,
        List<ThresholdSpec> thresholds) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public SoakProfile {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(soak, "soak");
        thresholds = List.copyOf(thresholds);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSpecException("name",
                    "must be letters, digits, '.', '_' or '-' (it names the run's folder), but was '" + name + "'");
        }
        if (server == null && soak.url().contains("${server.")) {
            throw new InvalidSpecException("soak", "url '" + soak.url() + "' names the run's server, but the profile "
                    + "has no server: block; add server: {} or give a url of a server started elsewhere");
        }
    }
}
