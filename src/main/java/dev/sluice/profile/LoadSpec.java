package dev.sluice.profile;

import java.util.List;

/** How items are pushed into the pipeline. */
public sealed interface LoadSpec {

    String model();

    List<String> MODELS = List.of("drain");

    /** Every source item, as fast as the pipeline accepts them. */
    record Drain() implements LoadSpec {
        @Override
        public String model() {
            return "drain";
        }
    }
}
