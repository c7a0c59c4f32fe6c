package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * config/profile.schema.json's {@code server} definition accepts what the loader accepts and rejects
 * what it rejects, except for rules between values, which a schema cannot state (listed below).
 */
class ServerSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROFILE = """
            name: t
            source: {range: {count: 1}}
            stages: [{kind: identity}]
            server: %s
            """;

    private static JsonSchema profileSchema;
    private static JsonSchema serverFileSchema;

    @BeforeAll
    static void readSchemas() throws IOException {
        JsonNode schema = JSON.readTree(Path.of("config", "profile.schema.json").toFile());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        profileSchema = factory.getSchema(schema);
        // A 'sluice serve --config' file is the server definition at the top level.
        ObjectNode serverFile = JSON.createObjectNode();
        serverFile.set("$schema", schema.get("$schema"));
        serverFile.put("$ref", "#/$defs/server");
        serverFile.set("$defs", schema.get("$defs"));
        serverFileSchema = factory.getSchema(serverFile);
    }

    private static JsonNode yamlAsJson(String yaml) {
        Object data = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return JSON.valueToTree(data);
    }

    private static String profile(String server) {
        return PROFILE.formatted(server);
    }

    private static boolean schemaAccepts(String server) {
        return profileSchema.validate(yamlAsJson(profile(server))).isEmpty();
    }

    private static boolean loaderAccepts(String server) {
        try {
            new ProfileLoader(Map.of()).parse(profile(server), "test.yaml", List.of());
            return true;
        } catch (ProfileException e) {
            return false;
        }
    }

    @Test
    void acceptsAProfileWithEveryServerKey() {
        String yaml = PROFILE.formatted("\n" + ServerSpecTest.EVERY_KEY.indent(2));
        assertThat(profileSchema.validate(yamlAsJson(yaml))).isEmpty();
        assertThat(new ProfileLoader(Map.of()).parse(yaml, "test.yaml", List.of()).server())
                .isEqualTo(ServerSpecTest.EVERY_KEY_SPEC);
    }

    @Test
    void acceptsAServerFileWithEveryKeyAsTheServerDefinition() {
        assertThat(serverFileSchema.validate(yamlAsJson(ServerSpecTest.EVERY_KEY))).isEmpty();
    }

    @Test
    void rejectsAMisspeltKeyInAServerFile() {
        assertThat(serverFileSchema.validate(yamlAsJson(ServerSpecTest.EVERY_KEY.replace("max-connections:",
                "max-conections:")))).isNotEmpty();
        assertThat(serverFileSchema.validate(yamlAsJson(ServerSpecTest.EVERY_KEY.replace("    latency: 5ms",
                "    lattency: 5ms")))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{host: 127.0.0.5, hosts: 2}",
        "{host: example.test, hosts: 1}",
        "{port: 65535}",
        "{port: \"${env:SLUICE_PORT:-8080}\"}",
        "{seed: -7}",
        "{protocols: h2c}",
        "{protocols: [http1.1]}",
        "{keep-alive: false}",
        "{keep-alive: yes}",
        "{keep-alive: NO}",
        "{idle-timeout: 0}",
        "{idle-timeout: 1m30s}",
        "{max-connections: 0}",
        "{beyond-max: hold}",
        "{site: {pages: 1, out-degree: 0, page-size: 1}}",
        "{site: {page-size: 1.5KiB}}",
        "{site: {pages: 1_000_000}}",
        "{robots: {disallow: /private/}}",
        "{robots: {disallow: [], crawl-delay: 0}}",
        "{routes: {site: {}}}",
        "{routes: {site: {latency: 0}}}",
        "{routes: {default: {latency: 250us}}}",
        "{routes: {api: {latency: {uniform: {min: 0, max: 1ms}}}}}",
        "{routes: {bytes: {latency: {normal: {mean: 5ms, stddev: 0}}}}}",
        "{routes: {delay: {latency: {lognormal: {median: 1ms, p99: 1ms}}}}}",
        "{routes: {status: {latency: {percentiles: {p0.5: 1ms, p50: 2ms, p99.9: 9ms, p100: 10ms}}}}}",
        "{routes: {robots: {latency: {percentiles: {p07: 1ms}}}}}",
        "{routes: {site: {error-rate: 0, reset-rate: 1}}}",
        "{routes: {site: {error-rate: .5}}}",
        "{routes: {site: {error-rate: 1e-3}}}",
        "{routes: {site: {error-rate: 0.25, error-status: 429, retry-after: 2s}}}",
        "{routes: {site: {error-status: \"504\"}}}",
        "{routes: {site: {close-mid-body-rate: 0.1}}}",
        "{routes: {site: {stall: {every: 10s, for: 0}}}}",
        "{routes: {site: {slow-body: 0}}}",
        "{routes: {site: {slow-body: 1MiB/min}}}",
        "{routes: {site: {slow-body: 64 KB / s}}}",
    })
    void theSchemaAndTheLoaderBothAccept(String server) {
        assertThat(loaderAccepts(server)).as("the loader accepts " + server).isTrue();
        assertThat(profileSchema.validate(yamlAsJson(profile(server)))).as("the schema accepts " + server).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "8080",
        // unknown keys at every level
        "{prot: 80}",
        "{max-conections: 1}",
        "{site: {pagez: 1}}",
        "{robots: {crawl-dealy: 1s}}",
        "{routes: {sitee: {}}}",
        "{routes: {site: {lattency: 5ms}}}",
        "{routes: {site: {stall: {evry: 1s, for: 1ms}}}}",
        "{routes: {site: {latency: {unifrom: {min: 1ms, max: 2ms}}}}}",
        "{routes: {site: {latency: {uniform: {min: 1ms, max: 2ms, mean: 1ms}}}}}",
        // wrong types, out-of-range values, malformed words
        "{host: \"\"}",
        "{host: \"  \"}",
        "{port: 70000}",
        "{port: -1}",
        "{port: http}",
        "{hosts: 0}",
        "{hosts: 3, host: localhost}",
        "{seed: x}",
        "{protocols: []}",
        "{protocols: [h2c, h2c]}",
        "{protocols: [http2]}",
        "{protocols: {h2c: true}}",
        "{keep-alive: maybe}",
        "{keep-alive: 1}",
        "{idle-timeout: 60}",
        "{max-connections: -1}",
        "{beyond-max: refuze}",
        "{site: 1000}",
        "{site: {pages: 0}}",
        "{site: {out-degree: -1}}",
        "{site: {page-size: 0}}",
        "{site: {page-size: 3000000000}}",
        "{site: {page-size: 4 pages}}",
        "{robots: {disallow: [private/]}}",
        "{robots: {disallow: private/}}",
        "{robots: {disallow: {a: /b}}}",
        "{routes: []}",
        "{routes: {site: 5ms}}",
        "{routes: {site: {error-rate: 1.5}}}",
        "{routes: {site: {error-rate: -0.1}}}",
        "{routes: {site: {error-rate: abc}}}",
        "{routes: {site: {error-rate: 5%}}}",
        "{routes: {site: {error-status: 404}}}",
        "{routes: {site: {error-status: \"404\"}}}",
        "{routes: {site: {retry-after: 5}}}",
        "{routes: {site: {stall: 1s}}}",
        "{routes: {site: {stall: {every: 1s}}}}",
        "{routes: {site: {slow-body: 10KiB}}}",
        "{routes: {site: {slow-body: 10KiB/week}}}",
        "{routes: {site: {slow-body: 5}}}",
        "{routes: {site: {latency: fast}}}",
        "{routes: {site: {latency: {}}}}",
        "{routes: {site: {latency: [1ms]}}}",
        "{routes: {site: {latency: {uniform: {min: 1ms, max: 2ms}, normal: {mean: 1ms, stddev: 1ms}}}}}",
        "{routes: {site: {latency: {uniform: {min: 1ms}}}}}",
        "{routes: {site: {latency: {normal: 5ms}}}}",
        "{routes: {site: {latency: {percentiles: {}}}}}",
        "{routes: {site: {latency: {percentiles: {p0: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {p0.0: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {p101: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {p100.5: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {p.5: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {median: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {p50: 10}}}}}",
    })
    void theSchemaAndTheLoaderBothReject(String server) {
        assertThat(loaderAccepts(server)).as("the loader rejects " + server).isFalse();
        assertThat(schemaAccepts(server)).as("the schema rejects " + server).isFalse();
    }

    /** Rules between two values, or on the number inside a unit, that only the loader checks. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{routes: {site: {stall: {every: 1s, for: 1s}}}}",
        "{routes: {site: {error-rate: 0.5, reset-rate: 0.5, close-mid-body-rate: 0.5}}}",
        "{routes: {site: {latency: {uniform: {min: 9ms, max: 1ms}}}}}",
        "{routes: {site: {latency: {lognormal: {median: 0, p99: 1ms}}}}}",
        "{routes: {site: {latency: {lognormal: {median: 5ms, p99: 1ms}}}}}",
        "{routes: {site: {latency: {percentiles: {p50: 9ms, p99: 1ms}}}}}",
        "{routes: {site: {slow-body: 1B/m}}}",
        "{site: {page-size: 0B}}",
        "{site: {page-size: 4GiB}}",
    })
    void onlyTheLoaderSeesRulesBetweenValues(String server) {
        assertThat(schemaAccepts(server)).as("the schema accepts " + server).isTrue();
        assertThatThrownBy(() -> new ProfileLoader(Map.of()).parse(profile(server), "test.yaml", List.of()))
                .isInstanceOf(ProfileException.class);
    }
}
