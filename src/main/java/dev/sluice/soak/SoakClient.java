package dev.sluice.soak;

import java.time.Duration;
import java.util.List;

/**
 * The client side of a soak: a fleet of connections in this JVM ({@link #local}) or spread over worker
 * processes ({@link FleetShards}), seen through one window at a time. {@link SoakRun} drives it: start,
 * a drain per window, a graceful close, a last drain for what the close did, then {@link #close()}.
 */
public interface SoakClient extends AutoCloseable {

    /** Starts opening the connections; returns at once. */
    void start();

    /** The window since the last drain, with the connections open and owed now and the processes' gauges. */
    ClientWindow drain();

    /** The counts since the start, summed over every process. */
    FleetCounts counts();

    /** Stops opening and sending, waits up to {@code grace} for answers, closes every connection. Blocks. */
    void closeGracefully(Duration grace);

    /** The processes' gauges before any connection was opened (summed over processes): the baseline. */
    ProcessGauges.Reading baseline();

    /** What went wrong in a way that makes the soak's figures incomplete (a worker process died); empty when nothing did. */
    List<String> problems();

    /** Releases everything (event loops, processes). Blocks. */
    @Override
    void close();

    /** The fleet in this JVM. */
    static SoakClient local(FleetSpec spec) {
        return new LocalClient(spec);
    }
}
