package dev.sluice.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.profile.SinkSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where items end. Called with one value at a time, from whichever thread delivers the pipeline's
 * results. The run counts items itself; a sink adds what it alone knows.
 */
public sealed interface ItemSink extends AutoCloseable {

    void accept(Object value) throws IOException;

    /** What the sink has to say in the report, e.g. a checksum or the file it wrote. */
    Map<String, Object> summary();

    @Override
    void close() throws IOException;

    /** Opens the sink the spec names; relative files go into {@code outDir}. */
    static ItemSink open(SinkSpec spec, Path outDir) {
        return switch (spec) {
            case SinkSpec.Count c -> new Count();
            case SinkSpec.Discard d -> new Discard();
            case SinkSpec.Jsonl j -> Jsonl.open(outDir.resolve(j.path()));
        };
    }

    /** Keeps an order-independent checksum of the values, so variants that computed the same agree. */
    final class Count implements ItemSink {
        private long checksum;

        @Override
        public void accept(Object value) {
            long h = value.hashCode();
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            checksum += h;
        }

        @Override
        public Map<String, Object> summary() {
            return Map.of("kind", "count", "checksum", Long.toHexString(checksum));
        }

        @Override
        public void close() {
        }
    }

    /** Keeps nothing. */
    final class Discard implements ItemSink {
        @Override
        public void accept(Object value) {
        }

        @Override
        public Map<String, Object> summary() {
            return Map.of("kind", "discard");
        }

        @Override
        public void close() {
        }
    }

    /** One JSON object per line: {@code {"value": ...}} (a number, a string, or an object such as an HTTP result). */
    final class Jsonl implements ItemSink {
        /** A generator with a codec, so results such as {@link HttpResult} are written as objects. */
        private static final JsonFactory JSON = new com.fasterxml.jackson.databind.ObjectMapper().getFactory();
        private final Path path;
        private final BufferedWriter writer;
        private final JsonGenerator generator;
        private long lines;
        private boolean closed;

        private Jsonl(Path path, BufferedWriter writer, JsonGenerator generator) {
            this.path = path;
            this.writer = writer;
            this.generator = generator;
        }

        static Jsonl open(Path path) {
            try {
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
                JsonGenerator generator = JSON.createGenerator(writer);
                generator.setRootValueSeparator(null);
                return new Jsonl(path, writer, generator);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the sink file " + path + ": " + e, e);
            }
        }

        // Synchronized only against a late item racing close() after a cancel; never contended otherwise.
        @Override
        public synchronized void accept(Object value) throws IOException {
            if (closed) {
                return;
            }
            generator.writeStartObject();
            generator.writeFieldName("value");
            generator.writeObject(value);
            generator.writeEndObject();
            generator.flush();
            writer.write('\n');
            lines++;
        }

        @Override
        public Map<String, Object> summary() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kind", "jsonl");
            out.put("path", path.toString());
            out.put("lines", lines);
            return out;
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                generator.close();
                writer.close();
            }
        }
    }
}
