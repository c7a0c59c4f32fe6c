package dev.sluice.profile;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;

/** Loads profile text the way the CLI does, for tests; errors come back as {@code file:line:col: message}. */
final class Loading {

    /** The environment every test loader sees. */
    static final Map<String, String> ENV = Map.of("SLUICE_HOST", "example.test", "SLUICE_EMPTY", "");

    /**
     * One cpu stage named {@code square}; a line appended with four spaces of indent is line 8, column 5,
     * inside that stage.
     */
    static final String ONE_STAGE = """
            name: t
            source:
              range: {count: 3}
            stages:
              - name: square
                kind: cpu
                function: sum-of-squares
            """;

    private Loading() {
    }

    static Profile parse(String yaml, String... sets) {
        return new ProfileLoader(ENV).parse(yaml, "test.yaml", List.of(sets));
    }

    /** Every error the loader reports, in the order found. Fails when the profile loads. */
    static List<String> errors(String yaml, String... sets) {
        try {
            Profile profile = parse(yaml, sets);
            return fail("expected the profile to be rejected, but it loaded as " + profile);
        } catch (ProfileException e) {
            return e.errors().stream().map(ProfileError::toString).toList();
        }
    }

    /** The one error the loader reports. Fails when there is none or more than one. */
    static String error(String yaml, String... sets) {
        return single(errors(yaml, sets));
    }

    /** Reads text as a {@code sluice serve --config} file named {@code server.yaml}. */
    static ServerSpec server(String yaml, String... sets) {
        return new ProfileLoader(ENV).parseServer(yaml, "server.yaml", List.of(sets));
    }

    /** Every error reading a server file reports. Fails when it loads. */
    static List<String> serverErrors(String yaml, String... sets) {
        try {
            ServerSpec server = server(yaml, sets);
            return fail("expected the server config to be rejected, but it loaded as " + server);
        } catch (ProfileException e) {
            return e.errors().stream().map(ProfileError::toString).toList();
        }
    }

    /** The one error reading a server file reports. */
    static String serverError(String yaml, String... sets) {
        return single(serverErrors(yaml, sets));
    }

    private static String single(List<String> errors) {
        if (errors.size() != 1) {
            fail("expected exactly one error, but got " + errors.size() + ":\n" + String.join("\n", errors));
        }
        return errors.get(0);
    }
}
