package dev.sluice.metrics;

import java.util.List;

/**
 * The counts of one run: items emitted by the source, items that reached the sink, and each stage's
 * metrics. Every item ends ok, failed (a stage error) or dropped (a full buffer); whatever a cancelled
 * or failed run left in flight is counted as aborted, which the report adds to failed.
 */
public final class PipelineMetrics {

    private final SerialCounter emitted = new SerialCounter();
    private final SerialCounter ok = new SerialCounter();
    private final java.util.concurrent.atomic.LongAdder loadDropped = new java.util.concurrent.atomic.LongAdder();
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final List<StageMetrics> stages;

    public PipelineMetrics(List<StageMetrics> stages) {
        this.stages = List.copyOf(stages);
    }

    public SerialCounter emittedCounter() {
        return emitted;
    }

    public SerialCounter okCounter() {
        return ok;
    }

    /** An arrival the load model dropped before it entered (the open model's max-in-flight). */
    public void loadDropped() {
        loadDropped.increment();
    }

    /** Latency from each item's intended start to the sink (recorded under the open model). */
    public LatencyRecorder endToEnd() {
        return endToEnd;
    }

    public List<StageMetrics> stages() {
        return stages;
    }

    /** Items inside the pipeline now, as {@link Counts#inFlight()}, without building the counts. */
    public long inFlight() {
        long left = ok.get() + loadDropped.sum();
        for (StageMetrics s : stages) {
            left += s.errorCount() + s.droppedCount();
        }
        return Math.max(0, emitted.get() - left);
    }

    /** A consistent-enough view for progress lines and the final report. */
    public Counts counts() {
        long failed = stages.stream().mapToLong(StageMetrics::errorCount).sum();
        long dropped = stages.stream().mapToLong(StageMetrics::droppedCount).sum() + loadDropped.sum();
        long okNow = ok.get();
        long emittedNow = emitted.get();
        return new Counts(emittedNow, okNow, failed, dropped);
    }

    /** Item counts at one moment; {@link #inFlight()} is what is still inside the pipeline. */
    public record Counts(long emitted, long ok, long failed, long dropped) {
        public long inFlight() {
            return Math.max(0, emitted - ok - failed - dropped);
        }
    }
}
