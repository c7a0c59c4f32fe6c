package dev.sluice.soak;

import java.time.Duration;
import java.util.List;

/** A {@link SoakClient} whose fleet lives in this JVM; the gauges are this process's. */
final class LocalClient implements SoakClient {

    private final ConnectionFleet fleet;
    private final ProcessGauges gauges = new ProcessGauges();
    private final ProcessGauges.Reading baseline;

    LocalClient(FleetSpec spec) {
        this.fleet = new ConnectionFleet(spec);
        this.baseline = gauges.read();
    }

    @Override
    public void start() {
        fleet.start().subscribe();
    }

    @Override
    public ClientWindow drain() {
        FleetWindow window = fleet.drain();
        return new ClientWindow(window, fleet.open(), fleet.pending(), gauges.read());
    }

    @Override
    public FleetCounts counts() {
        return fleet.counts();
    }

    @Override
    public void closeGracefully(Duration grace) {
        fleet.closeGracefully(grace).block();
    }

    @Override
    public ProcessGauges.Reading baseline() {
        return baseline;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public void close() {
        fleet.close();
    }
}
