package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What a stage does to one item. The kinds are closed: each has its own record. */
public sealed interface WorkSpec {

    /** The kind as written in a profile. */
    String kind();

    /** All kinds a profile may name today. */
    List<String> KINDS = List.of("cpu", "sleep", "blocking-io", "identity");

    /** CPU-bound work on the item's number, e.g. the seed's sum of squares. */
    record Cpu(CpuFunction function) implements WorkSpec {
        public Cpu {
            requireNonNull(function, "function");
        }

        @Override
        public String kind() {
            return "cpu";
        }
    }

    /** A non-blocking pause: the item waits on a timer, no thread is held. */
    record Sleep(Duration duration) implements WorkSpec {
        public Sleep {
            InvalidSpecException.notNegative("duration", requireNonNull(duration, "duration"));
        }

        @Override
        public String kind() {
            return "sleep";
        }
    }

    /** Holds its thread for the duration, standing for a blocking call (a socket read, a JDBC query). */
    record BlockingIo(Duration duration) implements WorkSpec {
        public BlockingIo {
            InvalidSpecException.notNegative("duration", requireNonNull(duration, "duration"));
        }

        @Override
        public String kind() {
            return "blocking-io";
        }
    }

    /** Passes the item on unchanged (useful to measure the pipeline's own cost). */
    record Identity() implements WorkSpec {
        @Override
        public String kind() {
            return "identity";
        }
    }

    /** The CPU functions of the seed experiments. */
    enum CpuFunction {
        /** Sum of i*i for 0 <= i < n (experiment 2). */
        SUM_OF_SQUARES("sum-of-squares"),
        /** n steps of a loop the JIT cannot remove (experiment 3's "count to n"). */
        COUNT("count");

        private final String label;

        CpuFunction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(CpuFunction::label).toList();
        }
    }
}
