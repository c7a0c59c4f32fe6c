package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.crawl.Crawl;
import dev.sluice.metrics.PipelineMetrics;
import dev.sluice.load.ArrivalGenerator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * An assembled pipeline, not yet started: subscribing to {@link #flow()} pulls the source through
 * every stage into the sink. The metrics fill in as it runs. {@code generator} paces an open model
 * (null under drain); {@code crawl} is a crawl's shared state (null for any other profile).
 */
public record Pipeline(Flux<?> flow, PipelineMetrics metrics, ItemSink sink, AtomicBoolean sinkOpen,
        @Nullable ArrivalGenerator generator, @Nullable Crawl crawl) {

    public Pipeline {
        requireNonNull(flow, "flow");
        requireNonNull(metrics, "metrics");
        requireNonNull(sink, "sink");
        requireNonNull(sinkOpen, "sinkOpen");
    }

    /** Stops delivering to the sink (late items count as aborted), then closes it. */
    public void closeSink() throws java.io.IOException {
        sinkOpen.set(false);
        sink.close();
    }
}
