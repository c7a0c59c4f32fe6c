package dev.sluice.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.run.Profiles;
import dev.sluice.report.JsonReport;
import dev.sluice.report.RunReport;
import dev.sluice.report.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** config/profile.schema.json and the loader agree on every shipped profile; result.json keeps its contract. */
class SchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Server configs for {@code sluice serve --config}, not profiles. */
    private static final Path SERVERS = Path.of("load-profiles", "servers");

    @TempDir
    Path dir;

    static JsonSchema schema(String name) throws IOException {
        JsonNode node = JSON.readTree(Path.of("config", name).toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    static JsonNode yamlAsJson(String yaml) {
        Object data = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return JSON.valueToTree(data);
    }

    static Stream<Path> shippedProfiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("load-profiles"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.startsWith(SERVERS)).sorted().toList();
            assertThat(list).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedProfiles")
    void everyShippedProfileValidatesAgainstTheSchemaAndLoads(Path profile) throws IOException {
        Set<ValidationMessage> problems = schema("profile.schema.json").validate(yamlAsJson(Files.readString(profile)));
        assertThat(problems).as(profile.toString()).isEmpty();
        ProfileLoader loader = new ProfileLoader(Map.of());
        String name = loader.isSoak(profile) ? loader.loadSoak(profile, List.of()).name() : loader.load(profile).name();
        assertThat(name).isNotBlank();
    }

    static Stream<Path> shippedServerConfigs() throws IOException {
        try (Stream<Path> files = Files.walk(SERVERS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedServerConfigs")
    void everyShippedServerConfigValidatesAndLoads(Path config) throws IOException {
        JsonNode profileSchema = JSON.readTree(Path.of("config", "profile.schema.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode serverSchema = JSON.createObjectNode();
        serverSchema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        serverSchema.put("$ref", "#/$defs/server");
        serverSchema.set("$defs", profileSchema.get("$defs"));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(serverSchema);
        assertThat(schema.validate(yamlAsJson(Files.readString(config)))).as(config.toString()).isEmpty();
        assertThat(new ProfileLoader(Map.of()).loadServer(config, List.of()).site().pages()).isPositive();
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() throws IOException {
        JsonSchema schema = schema("profile.schema.json");
        String good = """
                name: x
                source: {range: {count: 3}}
                stages: [{name: a, kind: cpu, function: count, scheduler: {kind: parallel, threads: 2}}]
                """;
        assertThat(schema.validate(yamlAsJson(good))).isEmpty();
        assertThat(schema.validate(yamlAsJson(good.replace("scheduler:", "schedular:")))).isNotEmpty();
        assertThat(schema.validate(yamlAsJson(good.replace("kind: parallel", "kind: virtual")))).isNotEmpty();
        assertThat(schema.validate(yamlAsJson(good.replace("function: count", "duration: 1s")))).isNotEmpty();
        assertThat(schema.validate(yamlAsJson(good.replace("count: 3}", "count: 3}, list: [1]")))).isNotEmpty();
        String plan = good + "repeat: 2\nvariants: [{label: one, set: {stages.a.scheduler: single}}]\n";
        assertThat(schema.validate(yamlAsJson(plan))).isEmpty();
        assertThat(schema.validate(yamlAsJson(plan.replace("label:", "labl:")))).isNotEmpty();
        assertThat(schema.validate(yamlAsJson(good + "repeat: 0\n"))).isNotEmpty();
        String soak = "name: s\nserver: {}\nsoak: {connections: 10, duration: 5s}\n";
        assertThat(schema.validate(yamlAsJson(soak))).isEmpty();
        assertThat(schema.validate(yamlAsJson(soak.replace("connections", "connection")))).isNotEmpty();
        assertThat(schema.validate(yamlAsJson(soak + "stages: [{kind: identity}]\n"))).as("a soak has no stages").isNotEmpty();
        String soakLoad = "name: s\nserver: {}\nsoak: {connections: 10}\nload: {model: arrival-rate, rate: 100/s, duration: 1m}\n";
        assertThat(schema.validate(yamlAsJson(soakLoad))).isEmpty();
        assertThat(schema.validate(yamlAsJson(soakLoad.replace("rate: 100/s", "phases: [{rate: 100/s, duration: 1m}]"))))
                .as("a soak holds one steady rate").isNotEmpty();
        assertThat(schema.validate(yamlAsJson(soakLoad.replace("{model: arrival-rate, rate: 100/s, duration: 1m}",
                "{model: concurrency, users: 5, think-time: 0s}")))).isEmpty();
        assertThat(schema.validate(yamlAsJson(soakLoad.replace("arrival-rate", "drain")))).isNotEmpty();
    }

    @Test
    void resultJsonFollowsItsSchema() throws IOException {
        VariantResult v = Profiles.run("""
                name: r
                source: {range: {count: 50}}
                stages: [{name: a, kind: identity}, {name: b, kind: sleep, duration: 1ms, concurrency: 10}]
                thresholds: ["items.ok == 50"]
                """, dir);
        Path file = dir.resolve("result.json");
        JsonReport.write(new RunReport("r", "", "now", "test", "21", List.of(v)), file);
        assertThat(schema("result.schema.json").validate(JSON.readTree(file.toFile()))).isEmpty();
        // With a comparison, as a profile with variants writes it.
        dev.sluice.report.Comparison comparison = dev.sluice.report.Comparison.of(
                List.of(new dev.sluice.report.Comparison.Runs("r", List.of(v, v))), null);
        JsonReport.write(new RunReport("r", "", "now", "test", "21", List.of(v), comparison), file);
        assertThat(schema("result.schema.json").validate(JSON.readTree(file.toFile()))).isEmpty();
        assertThat(JSON.readTree(file.toFile()).path("comparison").path("rows").get(0).path("runs").asInt()).isEqualTo(2);
        JsonReport.write(new RunReport("r", "", "now", "test", "21", List.of(v)), file);
        JsonNode variant = JSON.readTree(file.toFile()).path("variants").get(0);
        for (String field : List.of("label", "wallSeconds", "cpuSeconds", "items", "stages", "peakThreads", "peakHeapBytes")) {
            assertThat(variant.has(field)).as(field).isTrue();
        }
        for (String field : List.of("emitted", "ok", "failed", "dropped")) {
            assertThat(variant.path("items").has(field)).as(field).isTrue();
        }
        JsonNode stage = variant.path("stages").get(0);
        for (String field : List.of("name", "kind", "scheduler", "count", "errors", "serviceMs", "queueMs")) {
            assertThat(stage.has(field)).as(field).isTrue();
        }
        for (String p : List.of("p50", "p90", "p99", "p999", "max", "mean")) {
            assertThat(stage.path("serviceMs").has(p)).as(p).isTrue();
            assertThat(stage.path("queueMs").has(p)).as(p).isTrue();
        }
    }

    @Test
    void aCrawlsResultJsonFollowsItsSchema() throws IOException {
        VariantResult v = Profiles.run("""
                name: c
                server: {hosts: 2, site: {pages: 300, out-degree: 5}}
                source: {list: ["${server.url}/site/0"]}
                stages:
                  - {name: fetch, kind: http, url: "${item}", scheduler: event-loop, concurrency: 8}
                  - {name: links, kind: extract-links, recurse-to: fetch}
                crawl: {same-host: false}
                """, dir);
        Path file = dir.resolve("result.json");
        JsonReport.write(new RunReport("c", "", "now", "test", "21", List.of(v)), file);
        assertThat(schema("result.schema.json").validate(JSON.readTree(file.toFile()))).isEmpty();
        JsonNode crawl = JSON.readTree(file.toFile()).path("variants").get(0).path("crawl");
        assertThat(crawl.path("pages").asLong()).isEqualTo(300);
        assertThat(crawl.path("overTime").path("pagesPerSecond").isArray()).isTrue();
        assertThat(crawl.path("serverChecks").get(0).path("name").asText()).isEqualTo("duplicates");
    }
}
