package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.metrics.PipelineMetrics;
import reactor.core.publisher.Flux;

/**
 * An assembled pipeline, not yet started: subscribing to {@link #flow()} pulls the source through
 * every stage into the sink. The metrics fill in as it runs.
 */
public record Pipeline(Flux<?> flow, PipelineMetrics metrics, ItemSink sink) {

    public Pipeline {
        requireNonNull(flow, "flow");
        requireNonNull(metrics, "metrics");
        requireNonNull(sink, "sink");
    }
}
