package dev.sluice.soak;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What a soak's coordinator and its shard processes say to each other, one line of text each way: a
 * word, then (for most) a JSON object. The coordinator writes the shard's {@link FleetSpec} first, then
 * {@code start}, {@code drain} (once per window), {@code close MILLIS} and {@code exit}; the shard answers
 * {@code ready}, {@code started}, {@code window}, {@code closed}, or {@code failed} with what went wrong.
 * A window's latencies travel as an HdrHistogram in its compressed form, base64, so the coordinator can
 * add the shards' histograms exactly.
 */
final class ShardWire {

    static final String READY = "ready";
    static final String START = "start";
    static final String STARTED = "started";
    static final String DRAIN = "drain";
    static final String WINDOW = "window";
    static final String CLOSE = "close";
    static final String CLOSED = "closed";
    static final String EXIT = "exit";
    static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ShardWire() {
    }

    /** A shard's window: the fleet's window and totals so far, with open, pending and the shard's gauges. */
    record ShardWindow(ClientWindow window, FleetCounts totals) {
    }

    static String spec(FleetSpec spec) {
        ObjectNode o = JSON.createObjectNode();
        o.put("target", spec.target().toString());
        o.put("connections", spec.connections());
        o.put("intervalNanos", spec.interval().toNanos());
        var sources = o.putArray("sources");
        spec.sources().forEach(s -> sources.add(s.getHostAddress()));
        o.put("connectTimeoutNanos", spec.connectTimeout().toNanos());
        o.put("requestTimeoutNanos", spec.requestTimeout().toNanos());
        o.put("openRate", spec.openRate());
        o.put("replaceClosed", spec.replaceClosed());
        if (spec.closedLoop() != null) {
            o.put("users", spec.closedLoop().users());
            o.put("thinkTimeNanos", spec.closedLoop().thinkTime().toNanos());
        }
        return o.toString();
    }

    static FleetSpec spec(String line) {
        JsonNode o = tree(line);
        List<InetAddress> sources = new ArrayList<>();
        for (JsonNode s : o.path("sources")) {
            try {
                sources.add(InetAddress.getByName(s.asText()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + s.asText(), e);
            }
        }
        FleetSpec spec = new FleetSpec(URI.create(o.path("target").asText()), o.path("connections").asInt(),
                Duration.ofNanos(o.path("intervalNanos").asLong()), sources,
                Duration.ofNanos(o.path("connectTimeoutNanos").asLong()), Duration.ofNanos(o.path("requestTimeoutNanos").asLong()),
                o.path("openRate").asInt(), o.path("replaceClosed").asBoolean(), null);
        return o.has("users") ? spec.withClosedLoop(o.path("users").asInt(), Duration.ofNanos(o.path("thinkTimeNanos").asLong()))
                : spec;
    }

    static String gauges(ProcessGauges.Reading reading) {
        return write(reading);
    }

    static ProcessGauges.Reading gauges(String json) {
        try {
            return JSON.readValue(json, ProcessGauges.Reading.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a shard's gauges could not be read: " + e.getMessage(), e);
        }
    }

    static String window(ClientWindow w, FleetCounts totals) {
        ObjectNode o = JSON.createObjectNode();
        o.put("start", w.window().start().toString());
        o.put("end", w.window().end().toString());
        o.set("counts", JSON.valueToTree(w.window().counts()));
        o.set("totals", JSON.valueToTree(totals));
        o.put("histogram", histogram(w.window().latencyMicros()));
        o.put("open", w.open());
        o.put("pending", w.pending());
        o.set("gauges", JSON.valueToTree(w.gauges()));
        return o.toString();
    }

    static ShardWindow window(String line) {
        JsonNode o = tree(line);
        try {
            FleetWindow fleet = new FleetWindow(Instant.parse(o.path("start").asText()), Instant.parse(o.path("end").asText()),
                    JSON.treeToValue(o.path("counts"), FleetCounts.class), histogram(o.path("histogram").asText()));
            ProcessGauges.Reading gauges = JSON.treeToValue(o.path("gauges"), ProcessGauges.Reading.class);
            return new ShardWindow(new ClientWindow(fleet, o.path("open").asInt(), o.path("pending").asInt(), gauges),
                    JSON.treeToValue(o.path("totals"), FleetCounts.class));
        } catch (IOException e) {
            throw new UncheckedIOException("a shard's window could not be read: " + e.getMessage(), e);
        }
    }

    static String histogram(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    static Histogram histogram(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a shard's histogram could not be read: " + e.getMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a shard's message could not be read: " + e.getMessage(), e);
        }
    }
}
