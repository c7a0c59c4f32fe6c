package dev.sluice.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Turns a composed YAML tree into {@link Profile} records, collecting every problem with its position. */
final class ProfileBinder {

    private static final List<String> TOP_KEYS =
            List.of("name", "description", "vars", "engine", "source", "stages", "sink", "load", "thresholds", "server", "crawl");
    private static final List<String> SOURCE_KEYS = List.of("range", "list", "repeat");
    private static final List<String> RANGE_KEYS = List.of("from", "count");
    private static final List<String> STAGE_COMMON_KEYS =
            List.of("name", "kind", "scheduler", "concurrency", "order", "buffer", "policies");
    private static final Map<String, List<String>> STAGE_KIND_KEYS = Map.of(
            "cpu", List.of("function"),
            "sleep", List.of("duration"),
            "blocking-io", List.of("duration"),
            "identity", List.of(),
            "consumer", List.of("counts", "pause", "start-after", "coordination", "poll"),
            "extract-links", List.of("recurse-to"),
            "http", List.of("method", "url", "headers", "body", "timeout", "pool", "keep-alive", "protocol",
                    "connect-timeout"));
    /** Stage kinds the design names that later versions add. */
    private static final List<String> FUTURE_STAGE_KINDS = List.of("process");
    private static final List<String> BUFFER_KEYS = List.of("size", "overflow");
    /** The most items an adaptive stage may reach; the limit itself starts low and moves (AIMD). */
    static final int ADAPTIVE_CEILING = 1024;

    private final Problems problems;
    private final Interpolator envOnly;

    ProfileBinder(Problems problems, Interpolator envOnly) {
        this.problems = problems;
        this.envOnly = envOnly;
    }

    @Nullable Profile bind(Node root) {
        Interpolator interpolator = envOnly.withVars(readVars(root));
        Optional<MappingReader> maybeTop = MappingReader.of(root, "", problems, interpolator);
        if (maybeTop.isEmpty()) {
            return null;
        }
        MappingReader top = maybeTop.get();
        top.node("vars");
        Optional<String> name = top.required("name");
        String description = top.text("description").orElse("");
        Engine engine = top.choice("engine", labels(Engine.values(), Engine::label)).orElse(Engine.REACTOR);
        SourceSpec source = readSource(top);
        List<StageSpec> stages = readStages(top);
        SinkSpec sink = readSink(top);
        LoadSpec load = readLoad(top);
        List<ThresholdSpec> thresholds = readThresholds(top, stages);
        ServerSpec server = readServer(top);
        CrawlSpec crawl = readCrawl(top, stages);
        // The plan keys were taken out before binding; they are still words a misspelling may mean.
        top.rejectUnknownKeys(java.util.stream.Stream.concat(TOP_KEYS.stream(), PlanReader.KEYS.stream()).toList());
        if (name.isEmpty() || source == null || sink == null || load == null) {
            return null;
        }
        // A server: block that failed to bind has left a problem, so build() does not run.
        return top.build(() -> new Profile(name.get(), description, engine, source, stages, sink, load, thresholds, server,
                crawl), crawlFields(top));
    }

    /**
     * The crawl's settings: its {@code crawl:} block, or the defaults when a stage recurses without one;
     * null when the profile is no crawl (or the block has a problem).
     */
    private @Nullable CrawlSpec readCrawl(MappingReader top, List<StageSpec> stages) {
        Optional<Node> node = top.node("crawl");
        if (node.isEmpty()) {
            return stages.stream().anyMatch(s -> s.work() instanceof WorkSpec.ExtractLinks) ? CrawlSpec.defaults() : null;
        }
        return MappingReader.of(node.get(), "crawl", problems, top.interpolator())
                .map(crawl -> new CrawlBinder(problems).bind(crawl))
                .orElse(null);
    }

    /** Where to point for a rule about the crawl as a whole that {@link Profile} checks. */
    private static Map<String, Node> crawlFields(MappingReader top) {
        Map<String, Node> at = new LinkedHashMap<>();
        top.keyNode("crawl").ifPresent(n -> at.put("crawl", n));
        top.keyNode("load").ifPresent(n -> at.put("load", n));
        return at;
    }

    /** The test server, or null when the profile has no {@code server:} block (or it has a problem). */
    private @Nullable ServerSpec readServer(MappingReader top) {
        Optional<Node> node = top.node("server");
        if (node.isEmpty()) {
            return null;
        }
        if (node.get() instanceof ScalarNode s && s.isPlain() && s.getValue().isEmpty()) {
            // Removing the key would mean no server, so "remove the key" is not the advice here.
            problems.add(node.get(), "server is empty; write server: {} for a test server with the defaults,"
                    + " or remove the key for none");
            return null;
        }
        return MappingReader.of(node.get(), "server", problems, top.interpolator())
                .map(server -> new ServerBinder(problems).bind(server))
                .orElse(null);
    }

    private Map<String, String> readVars(Node root) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (!(root instanceof MappingNode top)) {
            return vars;
        }
        for (NodeTuple tuple : top.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("vars")) {
                MappingReader.of(tuple.getValueNode(), "vars", problems, envOnly).ifPresent(reader -> {
                    for (NodeTuple entry : ((MappingNode) reader.node()).getValue()) {
                        if (entry.getKeyNode() instanceof ScalarNode varName) {
                            reader.scalarText(entry.getValueNode(), "vars." + varName.getValue())
                                    .ifPresent(v -> vars.put(varName.getValue(), v));
                        }
                    }
                });
            }
        }
        return vars;
    }

    private @Nullable SourceSpec readSource(MappingReader top) {
        Optional<Node> node = top.node("source");
        if (node.isEmpty()) {
            problems.add(top.node(), "the profile needs a 'source:' (e.g. source: {range: {from: 0, count: 100}})");
            return null;
        }
        MappingReader source = MappingReader.of(node.get(), "source", problems, top.interpolator()).orElse(null);
        if (source == null) {
            return null;
        }
        int repeat = source.positive("repeat", 1);
        boolean hasRange = source.has("range");
        boolean hasList = source.has("list");
        source.node("range");
        source.node("list");
        source.rejectUnknownKeys(SOURCE_KEYS);
        if (hasRange == hasList) {
            problems.add(source.node(), "source needs exactly one of 'range' or 'list'");
            return null;
        }
        if (hasRange) {
            MappingReader range = MappingReader.of(source.node("range").orElseThrow(), "source.range", problems,
                    top.interpolator()).orElse(null);
            if (range == null) {
                return null;
            }
            long from = range.whole("from", 0);
            Optional<Long> count = range.has("count")
                    ? range.value("count", MappingReader::parseLong)
                    : range.required("count").map(MappingReader::parseLong);
            range.rejectUnknownKeys(RANGE_KEYS);
            if (count.isEmpty() || !source.clean()) {
                return null;
            }
            return range.build(() -> new SourceSpec.Range(from, count.get(), repeat));
        }
        Node list = source.node("list").orElseThrow();
        if (!(list instanceof SequenceNode seq)) {
            problems.add(list, "source.list must be a list of values, but was " + MappingReader.describe(list));
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            Optional<String> text = source.scalarText(item, "source.list[" + i + "]");
            text.ifPresent(t -> values.add(typed(item, t)));
        }
        return source.build(() -> new SourceSpec.Values(values, repeat));
    }

    /** Plain numbers stay numbers; anything quoted or non-numeric is a string. */
    private static Object typed(Node node, String text) {
        if (node instanceof ScalarNode s && s.isPlain() && (node.getTag().equals(Tag.INT) || text.matches("-?\\d+"))) {
            try {
                return Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    private List<StageSpec> readStages(MappingReader top) {
        Optional<Node> node = top.node("stages");
        if (node.isEmpty()) {
            problems.add(top.node(), "the profile needs 'stages:' (a list of at least one stage)");
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode seq)) {
            problems.add(node.get(), "stages must be a list (each stage starts with '- '), but was "
                    + MappingReader.describe(node.get()));
            return List.of();
        }
        if (seq.getValue().isEmpty()) {
            problems.add(seq, "stages must hold at least one stage");
            return List.of();
        }
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            StageSpec stage = readStage(seq.getValue().get(i), i, top.interpolator());
            if (stage != null) {
                stages.add(stage);
            }
        }
        return stages;
    }

    private @Nullable StageSpec readStage(Node node, int index, Interpolator interpolator) {
        MappingReader stage = MappingReader.of(node, "stages[" + index + "]", problems, interpolator).orElse(null);
        if (stage == null) {
            return null;
        }
        Optional<String> kind = stage.required("kind");
        String name = stage.text("name").orElse(kind.orElse("stage" + index));
        MappingReader named = stage.renamed("stages." + name);
        WorkSpec work = kind.map(k -> readWork(named, k)).orElse(null);
        SchedulerSpec scheduler = readScheduler(named);
        // 'adaptive' is the one word concurrency takes; anything else must be a number.
        boolean adaptive = named.has("concurrency") && named.node("concurrency")
                .filter(n -> n instanceof ScalarNode sc && sc.getValue().strip().equals("adaptive")).isPresent();
        Optional<Integer> concurrency = adaptive ? Optional.of(ADAPTIVE_CEILING)
                : named.value("concurrency", MappingReader::parseInt);
        StageSpec.Order order = named.choice("order", labels(StageSpec.Order.values(), StageSpec.Order::label))
                .orElse(StageSpec.Order.ORDERED);
        BufferSpec buffer = readBuffer(named);
        PolicySpec policies = readPolicies(named);
        List<String> known = new ArrayList<>(STAGE_COMMON_KEYS);
        kind.map(STAGE_KIND_KEYS::get).ifPresent(known::addAll);
        Map<String, String> elsewhere = new LinkedHashMap<>();
        // In WorkSpec.KINDS order: Map.of iterates in an order that changes from run to run.
        WorkSpec.KINDS.forEach(k -> STAGE_KIND_KEYS.getOrDefault(k, List.of()).forEach(key -> elsewhere.merge(key,
                "it is a setting of stage kind " + k, (a, b) -> a + " or " + k)));
        elsewhere.keySet().removeAll(known);
        for (String schedulerKey : List.of("threads", "queue")) {
            elsewhere.putIfAbsent(schedulerKey, "it belongs under scheduler: (e.g. scheduler: {kind: parallel, "
                    + schedulerKey + ": 4})");
        }
        named.rejectUnknownKeys(known, elsewhere);
        if (work instanceof WorkSpec.Consumer consumer && scheduler != null) {
            if (scheduler instanceof SchedulerSpec.Process) {
                problems.add(named.node("scheduler").orElseThrow(), named.child("scheduler") + ": a consumer stage "
                        + "shares its start signal and counter between its items, which worker processes cannot; "
                        + "use single, bounded-elastic, virtual, parallel or event-loop");
                return null;
            }
            if (!named.has("coordination") && scheduler instanceof SchedulerSpec.EventLoop) {
                work = consumer.withCoordination(WorkSpec.Coordination.LOCK_FREE);
            }
        }
        if (work == null || scheduler == null || buffer == null || policies == null) {
            return null;
        }
        WorkSpec bound = work;
        return named.build(() -> new StageSpec(name, bound, scheduler,
                concurrency.orElse(scheduler.defaultConcurrency()), order, buffer, policies, adaptive));
    }

    private @Nullable WorkSpec readWork(MappingReader stage, String kind) {
        if (FUTURE_STAGE_KINDS.contains(kind)) {
            problems.add(stage.node("kind").orElseThrow(), stage.child("kind") + ": stage kind '" + kind
                    + "' is not available in this version; available kinds: " + String.join(", ", WorkSpec.KINDS));
            return null;
        }
        return switch (kind) {
            case "cpu" -> stage.requireKey("function")
                    ? stage.choice("function", labels(WorkSpec.CpuFunction.values(), WorkSpec.CpuFunction::label))
                            .<WorkSpec>map(WorkSpec.Cpu::new).orElse(null)
                    : null;
            case "sleep" -> stage.requireKey("duration")
                    ? stage.value("duration", Units::duration).<WorkSpec>map(WorkSpec.Sleep::new).orElse(null)
                    : null;
            case "blocking-io" -> stage.requireKey("duration")
                    ? stage.value("duration", Units::duration).<WorkSpec>map(WorkSpec.BlockingIo::new).orElse(null)
                    : null;
            case "identity" -> new WorkSpec.Identity();
            case "http" -> readHttp(stage);
            case "consumer" -> readConsumer(stage);
            case "extract-links" -> stage.required("recurse-to").<WorkSpec>map(WorkSpec.ExtractLinks::new).orElse(null);
            default -> {
                problems.add(stage.node("kind").orElseThrow(), stage.child("kind") + ": unknown stage kind '" + kind
                        + "'" + Suggestions.hint(kind, WorkSpec.KINDS));
                yield null;
            }
        };
    }

    /** Coordination is left LOCK here; {@link #readStage} makes it lock-free on the event loop unless written. */
    private @Nullable WorkSpec readConsumer(MappingReader stage) {
        int counts = stage.positive("counts", WorkSpec.Consumer.DEFAULT_COUNTS);
        java.time.Duration pause = stage.value("pause", Units::duration).orElse(WorkSpec.Consumer.DEFAULT_PAUSE);
        java.time.Duration startAfter = stage.value("start-after", Units::duration)
                .orElse(WorkSpec.Consumer.DEFAULT_START_AFTER);
        WorkSpec.Coordination coordination = stage.choice("coordination",
                labels(WorkSpec.Coordination.values(), WorkSpec.Coordination::label)).orElse(WorkSpec.Coordination.LOCK);
        java.time.Duration poll = stage.value("poll", Units::duration).orElse(WorkSpec.Consumer.DEFAULT_POLL);
        return stage.build(() -> new WorkSpec.Consumer(counts, pause, startAfter, coordination, poll));
    }

    private @Nullable WorkSpec readHttp(MappingReader stage) {
        String method = stage.text("method").map(m -> m.toUpperCase(java.util.Locale.ROOT)).orElse("GET");
        Optional<String> url = stage.required("url");
        Map<String, String> headers = new LinkedHashMap<>();
        stage.node("headers").ifPresent(node -> MappingReader.of(node, stage.child("headers"), problems,
                stage.interpolator()).ifPresent(reader -> {
                    for (NodeTuple t : ((MappingNode) reader.node()).getValue()) {
                        if (t.getKeyNode() instanceof ScalarNode name) {
                            reader.scalarText(t.getValueNode(), reader.child(name.getValue()))
                                    .ifPresent(v -> headers.put(name.getValue(), v));
                        }
                    }
                }));
        String body = stage.text("body").orElse("");
        java.time.Duration timeout = stage.value("timeout", Units::duration).orElse(WorkSpec.Http.DEFAULT_TIMEOUT);
        WorkSpec.ClientSpec client = readClient(stage);
        if (url.isEmpty() || client == null) {
            return null;
        }
        return stage.build(() -> new WorkSpec.Http(method, url.get(), headers, body, timeout, client));
    }

    private WorkSpec.@Nullable ClientSpec readClient(MappingReader stage) {
        WorkSpec.ClientSpec d = WorkSpec.ClientSpec.DEFAULTS;
        boolean keepAlive = stage.value("keep-alive", MappingReader::parseBoolean).orElse(d.keepAlive());
        boolean h2c = stage.choice("protocol", Map.of("http1.1", false, "h2c", true)).orElse(d.h2c());
        java.time.Duration connect = stage.value("connect-timeout", Units::duration).orElse(d.connectTimeout());
        Optional<Node> poolNode = stage.node("pool");
        if (poolNode.isEmpty()) {
            return stage.build(() -> new WorkSpec.ClientSpec(d.maxConnections(), d.pendingAcquireMax(),
                    d.pendingAcquireTimeout(), d.maxIdleTime(), d.maxLifeTime(), keepAlive, h2c, connect));
        }
        MappingReader pool = MappingReader.of(poolNode.get(), stage.child("pool"), problems, stage.interpolator())
                .orElse(null);
        if (pool == null) {
            return null;
        }
        int max = pool.integer("max-connections", d.maxConnections());
        int pending = pool.integer("pending-acquire-max", d.pendingAcquireMax());
        java.time.Duration pendingTimeout = pool.value("pending-acquire-timeout", Units::duration)
                .orElse(d.pendingAcquireTimeout());
        java.time.Duration idle = pool.value("max-idle-time", Units::duration).orElse(d.maxIdleTime());
        java.time.Duration life = pool.value("max-life-time", Units::duration).orElse(d.maxLifeTime());
        pool.rejectUnknownKeys(List.of("max-connections", "pending-acquire-max", "pending-acquire-timeout",
                "max-idle-time", "max-life-time"));
        return pool.build(() -> new WorkSpec.ClientSpec(max, pending, pendingTimeout, idle, life, keepAlive, h2c, connect));
    }

    private @Nullable SchedulerSpec readScheduler(MappingReader stage) {
        Optional<Node> node = stage.node("scheduler");
        if (node.isEmpty()) {
            return new SchedulerSpec.Single();
        }
        String path = stage.child("scheduler");
        if (node.get() instanceof ScalarNode) {
            return stage.scalarText(node.get(), path).map(kind -> scheduler(kind, node.get(), path, null)).orElse(null);
        }
        MappingReader reader = MappingReader.of(node.get(), path, problems, stage.interpolator()).orElse(null);
        if (reader == null) {
            return null;
        }
        return reader.required("kind").map(kind -> scheduler(kind, reader.node("kind").orElseThrow(), path, reader))
                .orElse(null);
    }

    private @Nullable SchedulerSpec scheduler(String kind, Node kindNode, String path, @Nullable MappingReader settings) {
        if (kind.equals("process")) {
            return settings == null ? SchedulerSpec.Process.defaults() : new ProcessSchedulerBinder(problems).bind(settings);
        }
        List<String> keys = switch (kind) {
            case "single", "virtual", "io", "event-loop" -> List.of("kind");
            case "bounded-elastic" -> List.of("kind", "threads", "queue");
            case "parallel" -> List.of("kind", "threads");
            default -> null;
        };
        if (keys == null) {
            String message = SchedulerSpec.RESERVED.contains(kind)
                    ? "scheduler kind '" + kind + "' is not available in this version; use one of "
                            + String.join(", ", SchedulerSpec.KINDS)
                    : "unknown scheduler kind '" + kind + "'" + Suggestions.hint(kind, SchedulerSpec.KINDS);
            problems.add(kindNode, path + ".kind: " + message);
            return null;
        }
        if (settings == null) {
            return switch (kind) {
                case "single" -> new SchedulerSpec.Single();
                case "virtual" -> new SchedulerSpec.Virtual();
                case "io" -> new SchedulerSpec.Io();
                case "event-loop" -> new SchedulerSpec.EventLoop();
                case "bounded-elastic" -> new SchedulerSpec.BoundedElastic(
                        SchedulerSpec.BoundedElastic.defaultThreads(), SchedulerSpec.BoundedElastic.DEFAULT_QUEUE);
                default -> new SchedulerSpec.Parallel(SchedulerSpec.Parallel.defaultThreads());
            };
        }
        // Read only what this kind takes: reading a key marks it known, and 'threads' on virtual must be refused.
        int threads = !keys.contains("threads") ? 0 : settings.integer("threads", kind.equals("parallel")
                ? SchedulerSpec.Parallel.defaultThreads() : SchedulerSpec.BoundedElastic.defaultThreads());
        int queue = !keys.contains("queue") ? 0 : settings.integer("queue", SchedulerSpec.BoundedElastic.DEFAULT_QUEUE);
        Map<String, String> elsewhere = new LinkedHashMap<>();
        for (String key : List.of("threads", "queue")) {
            if (!keys.contains(key)) {
                elsewhere.put(key, "scheduler kind " + kind + " takes no '" + key + "'"
                        + (key.equals("threads") && (kind.equals("virtual") || kind.equals("io"))
                                ? " (bound a virtual stage with the stage's concurrency)" : ""));
            }
        }
        settings.rejectUnknownKeys(keys, elsewhere);
        return settings.build(() -> switch (kind) {
            case "single" -> new SchedulerSpec.Single();
            case "virtual" -> new SchedulerSpec.Virtual();
            case "io" -> new SchedulerSpec.Io();
            case "event-loop" -> new SchedulerSpec.EventLoop();
            case "bounded-elastic" -> new SchedulerSpec.BoundedElastic(threads, queue);
            default -> new SchedulerSpec.Parallel(threads);
        });
    }

    private @Nullable PolicySpec readPolicies(MappingReader stage) {
        Optional<Node> node = stage.node("policies");
        if (node.isEmpty()) {
            return PolicySpec.NONE;
        }
        MappingReader policies = MappingReader.of(node.get(), stage.child("policies"), problems, stage.interpolator())
                .orElse(null);
        if (policies == null) {
            return null;
        }
        PolicySpec.RateLimit rateLimit = policies.node("rate-limit").map(n -> section(policies, "rate-limit", n, r -> {
            Optional<Rate> rate = r.has("rate") ? r.value("rate", Units::rate) : r.required("rate").map(Units::rate);
            java.time.Duration timeout = r.value("timeout", Units::duration).orElse(java.time.Duration.ofSeconds(5));
            r.rejectUnknownKeys(List.of("rate", "timeout"));
            return rate.isEmpty() ? null : r.build(() -> new PolicySpec.RateLimit(rate.get(), timeout));
        })).orElse(null);
        PolicySpec.Retry retry = policies.node("retry").map(n -> section(policies, "retry", n, r -> {
            int attempts = r.integer("attempts", 3);
            java.time.Duration backoff = r.value("backoff", Units::duration).orElse(java.time.Duration.ofMillis(100));
            double multiplier = r.value("multiplier", MappingReader::parseDouble).orElse(2.0);
            double jitter = r.value("jitter", MappingReader::parseDouble).orElse(0.0);
            java.util.Set<String> on = new java.util.LinkedHashSet<>(List.of("5xx", "429", "connect-error", "timeout"));
            r.node("on").ifPresent(onNode -> {
                on.clear();
                if (onNode instanceof SequenceNode seq) {
                    for (int i = 0; i < seq.getValue().size(); i++) {
                        r.scalarText(seq.getValue().get(i), r.child("on") + "[" + i + "]").ifPresent(on::add);
                    }
                } else {
                    r.scalarText(onNode, r.child("on")).ifPresent(on::add);
                }
            });
            boolean respect = r.value("respect-retry-after", MappingReader::parseBoolean).orElse(true);
            r.rejectUnknownKeys(List.of("attempts", "backoff", "multiplier", "jitter", "on", "respect-retry-after"));
            return r.build(() -> new PolicySpec.Retry(attempts, backoff, multiplier, jitter, on, respect));
        })).orElse(null);
        java.time.Duration timeout = policies.value("timeout", Units::duration).orElse(null);
        PolicySpec.CircuitBreaker breaker = policies.node("circuit-breaker").map(n -> section(policies, "circuit-breaker", n, r -> {
            double rate = r.value("failure-rate", MappingReader::parseDouble).orElse(50.0);
            int window = r.integer("window", 20);
            java.time.Duration openFor = r.value("open-for", Units::duration).orElse(java.time.Duration.ofSeconds(10));
            r.rejectUnknownKeys(List.of("failure-rate", "window", "open-for"));
            return r.build(() -> new PolicySpec.CircuitBreaker(rate, window, openFor));
        })).orElse(null);
        PolicySpec.Bulkhead bulkhead = policies.node("bulkhead").map(n -> section(policies, "bulkhead", n, r -> {
            Optional<Integer> max = r.has("max-concurrent") ? r.value("max-concurrent", MappingReader::parseInt)
                    : r.required("max-concurrent").map(MappingReader::parseInt);
            java.time.Duration wait = r.value("max-wait", Units::duration).orElse(java.time.Duration.ZERO);
            r.rejectUnknownKeys(List.of("max-concurrent", "max-wait"));
            return max.isEmpty() ? null : r.build(() -> new PolicySpec.Bulkhead(max.get(), wait));
        })).orElse(null);
        policies.rejectUnknownKeys(List.of("rate-limit", "retry", "timeout", "circuit-breaker", "bulkhead"));
        if (!policies.clean()) {
            return null;
        }
        return policies.build(() -> new PolicySpec(rateLimit, retry, timeout, breaker, bulkhead));
    }

    /** Reads one mapping-valued policy; null (with a problem reported) when it is not a mapping or is wrong. */
    private <T> @Nullable T section(MappingReader parent, String key, Node node,
            java.util.function.Function<MappingReader, @Nullable T> read) {
        return MappingReader.of(node, parent.child(key), problems, parent.interpolator()).map(read).orElse(null);
    }

    private @Nullable BufferSpec readBuffer(MappingReader stage) {
        Optional<Node> node = stage.node("buffer");
        if (node.isEmpty()) {
            return BufferSpec.NONE;
        }
        MappingReader buffer = MappingReader.of(node.get(), stage.child("buffer"), problems, stage.interpolator())
                .orElse(null);
        if (buffer == null) {
            return null;
        }
        Optional<Integer> size = buffer.has("size")
                ? buffer.value("size", MappingReader::parseInt)
                : buffer.required("size").map(MappingReader::parseInt);
        BufferSpec.Overflow overflow = buffer.choice("overflow",
                labels(BufferSpec.Overflow.values(), BufferSpec.Overflow::label)).orElse(BufferSpec.Overflow.BLOCK);
        buffer.rejectUnknownKeys(BUFFER_KEYS);
        if (size.isEmpty()) {
            return null;
        }
        return buffer.build(() -> new BufferSpec(size.get(), overflow));
    }

    private @Nullable SinkSpec readSink(MappingReader top) {
        Optional<Node> node = top.node("sink");
        if (node.isEmpty()) {
            return new SinkSpec.Count();
        }
        return readKinded(top, node.get(), "sink", "kind", SinkSpec.KINDS, (kind, reader) -> switch (kind) {
            case "count" -> new SinkSpec.Count();
            case "discard" -> new SinkSpec.Discard();
            default -> {
                if (reader == null) {
                    problems.add(node.get(), "sink kind jsonl needs a path: sink: {kind: jsonl, path: items.jsonl}");
                    yield null;
                }
                Optional<String> path = reader.required("path");
                yield path.isEmpty() ? null : reader.build(() -> new SinkSpec.Jsonl(Path.of(path.get())));
            }
        }, Map.of("count", List.of("kind"), "discard", List.of("kind"), "jsonl", List.of("kind", "path")));
    }

    private @Nullable LoadSpec readLoad(MappingReader top) {
        Optional<Node> node = top.node("load");
        if (node.isEmpty()) {
            return new LoadSpec.Drain();
        }
        return readKinded(top, node.get(), "load", "model", LoadSpec.MODELS, (model, reader) -> switch (model) {
            case "arrival-rate" -> reader == null ? missingPhases(node.get()) : readArrivalRate(reader);
            case "concurrency" -> reader == null ? missingUsers(node.get()) : readConcurrency(reader);
            default -> new LoadSpec.Drain();
        }, Map.of("drain", List.of("model"), "arrival-rate", List.of("model", "phases", "max-in-flight"),
                "concurrency", List.of("model", "users", "duration", "iterations")));
    }

    private @Nullable LoadSpec missingUsers(Node at) {
        problems.add(at, "load model concurrency needs users and a duration: load: {model: concurrency, users: 50, duration: 30s}");
        return null;
    }

    private @Nullable LoadSpec readConcurrency(MappingReader load) {
        Optional<Integer> users = load.has("users") ? load.value("users", MappingReader::parseInt)
                : load.required("users").map(MappingReader::parseInt);
        java.time.Duration duration = load.value("duration", Units::duration).orElse(null);
        long iterations = load.whole("iterations", 0);
        if (users.isEmpty() || !load.clean()) {
            return null;
        }
        return load.build(() -> new LoadSpec.Concurrency(users.get(), duration, iterations));
    }

    private @Nullable LoadSpec missingPhases(Node at) {
        problems.add(at, "load model arrival-rate needs phases: load: {model: arrival-rate, phases: [{rate: 100/s, duration: 30s}]}");
        return null;
    }

    private @Nullable LoadSpec readArrivalRate(MappingReader load) {
        int maxInFlight = load.integer("max-in-flight", LoadSpec.ArrivalRate.DEFAULT_MAX_IN_FLIGHT);
        Optional<Node> phasesNode = load.node("phases");
        if (phasesNode.isEmpty()) {
            return missingPhases(load.node());
        }
        if (!(phasesNode.get() instanceof SequenceNode seq)) {
            problems.add(phasesNode.get(), "load.phases must be a list such as [{rate: 100/s, duration: 30s}, "
                    + "{ramp-to: 500/s, duration: 1m}]");
            return null;
        }
        List<LoadSpec.Phase> phases = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            MappingReader phase = MappingReader.of(seq.getValue().get(i), "load.phases[" + i + "]", problems,
                    load.interpolator()).orElse(null);
            if (phase == null) {
                continue;
            }
            Rate rate = phase.value("rate", Units::rate).orElse(null);
            Rate rampTo = phase.value("ramp-to", Units::rate).orElse(null);
            java.time.Duration duration = phase.has("duration")
                    ? phase.value("duration", Units::duration).orElse(null)
                    : phase.required("duration").map(Units::duration).orElse(null);
            phase.rejectUnknownKeys(List.of("rate", "ramp-to", "duration"));
            if (duration != null) {
                LoadSpec.Phase built = phase.build(() -> new LoadSpec.Phase(rate, rampTo, duration));
                if (built != null) {
                    phases.add(built);
                }
            }
        }
        if (!load.clean()) {
            return null;
        }
        return load.build(() -> new LoadSpec.ArrivalRate(phases, maxInFlight));
    }

    /** A section written either as a bare word ({@code sink: count}) or as a mapping with a kind key. */
    private <T> @Nullable T readKinded(MappingReader top, Node node, String section, String kindKey, List<String> kinds,
            java.util.function.BiFunction<String, @Nullable MappingReader, @Nullable T> make, Map<String, List<String>> keys) {
        MappingReader reader = null;
        Optional<String> kind;
        Node kindNode = node;
        if (node instanceof ScalarNode) {
            kind = top.scalarText(node, section);
        } else {
            reader = MappingReader.of(node, section, problems, top.interpolator()).orElse(null);
            if (reader == null) {
                return null;
            }
            kind = reader.required(kindKey);
            kindNode = reader.node(kindKey).orElse(node);
        }
        if (kind.isEmpty()) {
            return null;
        }
        if (!kinds.contains(kind.get())) {
            problems.add(kindNode, section + "." + kindKey + ": unknown " + section + " " + kindKey + " '" + kind.get()
                    + "'" + Suggestions.hint(kind.get(), kinds));
            return null;
        }
        T result = make.apply(kind.get(), reader);
        if (reader != null) {
            reader.rejectUnknownKeys(keys.get(kind.get()));
        }
        return result;
    }

    private List<ThresholdSpec> readThresholds(MappingReader top, List<StageSpec> stages) {
        List<String> stageNames = stages.stream().map(StageSpec::name).toList();
        return ThresholdReader.read(top, problems, metric -> unknownMetric(metric, stageNames));
    }

    private static @Nullable String unknownMetric(String metric, List<String> stageNames) {
        if (ThresholdSpec.RUN_METRICS.contains(metric)) {
            return null;
        }
        if (metric.startsWith("stages.")) {
            String rest = metric.substring("stages.".length());
            int dot = rest.indexOf('.');
            String stage = dot < 0 ? rest : rest.substring(0, dot);
            String stageMetric = dot < 0 ? "" : rest.substring(dot + 1);
            if (!stageNames.contains(stage)) {
                return "no stage named '" + stage + "'" + Suggestions.hint(stage, stageNames);
            }
            if (!ThresholdSpec.STAGE_METRICS.contains(stageMetric)) {
                return "unknown stage metric '" + stageMetric + "'" + Suggestions.hint(stageMetric, ThresholdSpec.STAGE_METRICS);
            }
            return null;
        }
        return "unknown metric '" + metric + "'" + Suggestions.hint(metric, ThresholdSpec.RUN_METRICS)
                + " (stage metrics are stages.NAME.serviceMs.p99 and the like)";
    }

    static <E> Map<String, E> labels(E[] values, Function<E, String> label) {
        return java.util.Arrays.stream(values).collect(Collectors.toMap(label, v -> v, (a, b) -> a, LinkedHashMap::new));
    }
}
