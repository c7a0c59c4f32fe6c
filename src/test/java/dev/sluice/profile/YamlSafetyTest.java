package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile YAML is refused quickly with a clear error: no memory blow-up, no stack overflow, no Java objects. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class YamlSafetyTest {

    /** Set by {@link TagCanary}'s class initialiser; stays false unless a tag made the loader load a class. */
    static final AtomicBoolean CANARY_LOADED = new AtomicBoolean();

    @Test
    void refusesBillionLaughsWithoutRunningOutOfMemory() {
        StringBuilder yaml = new StringBuilder("name: t\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level < 10; level++) {
            yaml.append('l').append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        assertThat(error(yaml.toString()))
                .isEqualTo("test.yaml:1:1: invalid YAML: too many aliases to lists or mappings (more than 20);"
                        + " a profile needs few, and a file built of nested aliases (a 'billion laughs') is refused");
    }

    @Test
    void refusesBillionLaughsOfMappings() {
        StringBuilder yaml = new StringBuilder("name: t\nm0: &m0 {a: lol, b: lol, c: lol}\n");
        for (int level = 1; level < 12; level++) {
            yaml.append('m').append(level).append(": &m").append(level)
                    .append(" {a: *m").append(level - 1).append(", b: *m").append(level - 1)
                    .append(", c: *m").append(level - 1).append("}\n");
        }
        assertThat(error(yaml.toString())).contains("too many aliases to lists or mappings");
    }

    @Test
    void allowsAFewAliases() {
        Profile profile = parse("""
                name: t
                source:
                  range: &numbers {count: 3}
                stages:
                  - name: a
                    kind: sleep
                    duration: &pause 1ms
                  - name: b
                    kind: blocking-io
                    duration: *pause
                """);
        assertThat(profile.stages()).hasSize(2);
    }

    @Test
    void refusesDeeplyNestedFlowListWithoutStackOverflow() {
        String yaml = "name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThat(error(yaml)).isEqualTo("test.yaml:1:" + (6 + YamlReader.MAX_NESTING_DEPTH)
                + ": invalid YAML: nested more than " + YamlReader.MAX_NESTING_DEPTH + " levels deep");
    }

    @Test
    void refusesDeeplyNestedSetValueWithoutStackOverflow() {
        assertThat(error(ONE_STAGE, "description=" + "[".repeat(100_000)))
                .isEqualTo("--set description:1:" + (YamlReader.MAX_NESTING_DEPTH + 1) + ": invalid YAML: nested more than "
                        + YamlReader.MAX_NESTING_DEPTH + " levels deep");
    }

    @Test
    void readsRecursiveAliasAsAnErrorNotALoop() {
        assertThat(Loading.errors("""
                name: t
                source: &loop
                  range: *loop
                stages:
                  - kind: identity
                """)).containsExactly("test.yaml:2:9: source.range needs 'count'",
                        "test.yaml:3:3: unknown key 'range' in 'source.range'; expected one of: from, count");
    }

    @Test
    void rejectsJavaTypeTagWithoutConstructingAnything() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            String gadget = "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\""
                    + url + "\"]]]]";
            assertThat(error(ONE_STAGE + "description: " + gadget + "\n"))
                    .isEqualTo("test.yaml:8:14: description must be a single value, but was a list");
            assertThat(error(ONE_STAGE + "    concurrency: " + gadget + "\n"))
                    .isEqualTo("test.yaml:8:18: stages.square.concurrency must be a single value, but was a list");
            assertThat(error(ONE_STAGE, "description=" + gadget))
                    .isEqualTo("--set description:1:1: description must be a single value, but was a list");
        } finally {
            server.stop(0);
        }
        assertThat(requests).as("requests the YAML made to its URL").hasValue(0);
    }

    @Test
    void ignoresClassTagsOnValuesWithoutLoadingTheClass() {
        Profile profile = parse(ONE_STAGE + """
                description: !!dev.sluice.profile.TagCanary made by a tag
                sink: !!dev.sluice.profile.TagCanary {kind: count}
                """);
        assertThat(profile.description()).isEqualTo("made by a tag");
        assertThat(profile.sink()).isEqualTo(new SinkSpec.Count());
        assertThat(CANARY_LOADED).as("TagCanary was initialised").isFalse();
    }

    @Test
    void refusesProfileLargerThanTheLimit() {
        // Many short lines: one long scalar would take the scanner seconds to reach the limit.
        String yaml = ONE_STAGE + "description: |\n" + "  some text\n".repeat(YamlReader.MAX_CODE_POINTS / 12 + 1);
        assertThat(error(yaml)).startsWith("test.yaml:1:1: invalid YAML: the profile is too large (over 4194304 characters)");
    }
}
