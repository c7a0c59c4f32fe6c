package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/** Where items end. Every sink counts what reaches it; that count is the run's "ok". */
public sealed interface SinkSpec {

    String kind();

    List<String> KINDS = List.of("count", "discard", "jsonl");

    /** Counts items and keeps an order-independent checksum of their values, to compare variants. */
    record Count() implements SinkSpec {
        @Override
        public String kind() {
            return "count";
        }
    }

    /** Counts items and keeps nothing else. */
    record Discard() implements SinkSpec {
        @Override
        public String kind() {
            return "discard";
        }
    }

    /** Writes one JSON line per item; a relative path is resolved in the run's output folder. */
    record Jsonl(Path path) implements SinkSpec {
        public Jsonl {
            requireNonNull(path, "path");
            if (path.toString().isBlank()) {
                throw new InvalidSpecException("path", "must name a file");
            }
        }

        @Override
        public String kind() {
            return "jsonl";
        }
    }
}
