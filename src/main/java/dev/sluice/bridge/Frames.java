package dev.sluice.bridge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the protocol's frames: one JSON object per line (docs/worker-protocol.md). Writers
 * stream straight into the worker's stdin; readers parse one line into plain values (maps, lists,
 * strings, numbers, booleans, null).
 */
final class Frames {

    static final int PROTOCOL = 1;
    /** The longest frame either side accepts, in bytes. */
    static final int MAX_FRAME_BYTES = 64 << 20;

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    private static final TypeReference<Map<String, Object>> FRAME = new TypeReference<>() {
    };

    private Frames() {
    }

    /** A frame from its line's bytes; IOException when it is not a JSON object. */
    static Map<String, Object> parse(byte[] line, int length) throws IOException {
        return JSON.readValue(line, 0, length, FRAME);
    }

    static void writeInit(OutputStream out, int slot, String stage, Map<String, Object> work, Map<String, Object> init)
            throws IOException {
        write(out, Map.of("op", "init", "protocol", PROTOCOL, "worker", slot, "stage", stage, "work", work,
                "init", init));
    }

    /** One {@code items} frame of {@code [id, value]} pairs. */
    static void writeItems(OutputStream out, List<Pending> batch) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("op", "items");
            g.writeArrayFieldStart("items");
            for (Pending p : batch) {
                g.writeStartArray();
                g.writeNumber(p.id);
                g.writeObject(p.value);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** A results frame: {@code [id, true, value]} or {@code [id, false, message]} each. */
    static void writeResults(OutputStream out, List<Object[]> results) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("op", "results");
            g.writeArrayFieldStart("results");
            for (Object[] r : results) {
                g.writeStartArray();
                g.writeNumber((Long) r[0]);
                g.writeBoolean((Boolean) r[1]);
                g.writeObject(r[2]);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    static void write(OutputStream out, Map<String, ?> frame) throws IOException {
        JSON.writeValue(out, frame);
        out.write('\n');
    }
}
