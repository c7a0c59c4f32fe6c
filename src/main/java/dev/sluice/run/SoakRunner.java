package dev.sluice.run;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.SoakProfile;
import dev.sluice.profile.SoakSpec;
import dev.sluice.soak.DiscoverLimit;
import dev.sluice.soak.FleetShards;
import dev.sluice.soak.FleetSpec;
import dev.sluice.soak.SoakClient;
import dev.sluice.soak.SoakRun;
import dev.sluice.testserver.ServerProcess;
import dev.sluice.testserver.ServerStats;
import dev.sluice.testserver.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a soak profile: lays its connections over processes ({@link SoakLayout}), starts its test server (in
 * this JVM, or in processes of their own with {@code server-process}, one per shard), holds the fleet for
 * the soak's duration ({@link SoakRun}; in this JVM, or in shard processes, {@link FleetShards}), stops the
 * servers and returns what happened with the servers' own last figures. {@link #stop()} (for Ctrl-C) ends
 * it early; it still closes every connection and judges what it has.
 */
public final class SoakRunner {

    private volatile @Nullable SoakRun current;
    private volatile @Nullable DiscoverLimit search;
    private volatile boolean stopped;

    /**
     * What a soak left (or, with {@code discover-limit}, what the search found: then {@code result} is null),
     * with the servers' figures (one per server process; empty without a server of the run's own), the URL
     * of the first, and the number of client processes.
     */
    public record Outcome(SoakRun.@Nullable Result result, DiscoverLimit.@Nullable Result limit,
            List<ServerStats.Snapshot> servers, String url, int shards) {
        public Outcome {
            servers = List.copyOf(servers);
        }

        /** The server's figures when there is exactly one server; null otherwise. */
        public ServerStats.@Nullable Snapshot server() {
            return servers.size() == 1 ? servers.getFirst() : null;
        }
    }

    /**
     * The client processes the profile's connections take on this machine (1: this JVM).
     *
     * @throws IllegalArgumentException when this machine cannot hold the soak as written, saying what to change
     */
    public static int shards(SoakProfile profile) {
        return SoakLayout.here(profile.soak(), profile.server() != null).shards();
    }

    /** Ends the soak at its next window; safe from any thread. */
    public void stop() {
        stopped = true;
        SoakRun run = current;
        if (run != null) {
            run.stop();
        }
        DiscoverLimit d = search;
        if (d != null) {
            d.stop();
        }
    }

    /**
     * Runs the profile, handing each window's row to {@code onWindow}.
     *
     * @throws IllegalArgumentException when this machine cannot hold the soak as written (with what to change)
     */
    public Outcome run(SoakProfile profile, Path outDir, Consumer<double[]> onWindow) {
        requireNonNull(profile, "profile");
        SoakSpec spec = profile.soak();
        SoakLayout layout = SoakLayout.here(spec, profile.server() != null);
        TestServer inProcess = null;
        List<ServerProcess> processes = new ArrayList<>();
        try {
            List<String> bases = new ArrayList<>();
            LongSupplier serverOpen = null;
            if (profile.server() != null) {
                if (spec.serverProcess()) {
                    // The server's sockets count against its own process's limit, not the client's.
                    for (int i = 0; i < layout.servers(); i++) {
                        Path dir = outDir.resolve(layout.servers() == 1 ? "server" : "server-" + (i + 1));
                        processes.add(ServerProcess.start(profile.server(), dir, spec.duration().plus(Duration.ofMinutes(5))));
                        bases.add(processes.getLast().url());
                    }
                    List<ServerProcess> all = List.copyOf(processes);
                    serverOpen = () -> all.stream().mapToLong(ServerProcess::openConnections).sum();
                } else {
                    inProcess = TestServer.start(profile.server());
                    bases.add(inProcess.url());
                    serverOpen = inProcess.stats()::openConnections;
                }
            }
            List<FleetSpec> fleets = new ArrayList<>();
            for (int i = 0; i < layout.shards(); i++) {
                String base = bases.isEmpty() ? null : bases.get(i % bases.size());
                fleets.add(fleet(spec, base, layout.connectionsPerShard().get(i), layout.shards()));
            }
            FleetSpec whole = fleet(spec, bases.isEmpty() ? null : bases.getFirst(), spec.connections(), 1);
            String url = whole.target().toString();
            if (spec.discoverLimit() != null || spec.discoverRate() != null) {
                SoakSpec.DiscoverLimit dl = spec.discoverLimit();
                dev.sluice.profile.DiscoverRateSpec dr = spec.discoverRate();
                DiscoverLimit d = new DiscoverLimit();
                search = d;
                if (stopped) {
                    d.stop();
                }
                DiscoverLimit.Result found;
                try {
                    found = dr != null
                            ? d.runByRate(whole, dr.step(), dr.max(), spec.window(), dr.p99Bound(), serverOpen)
                            : d.run(whole, dl.step(), dl.max(), spec.window(), dl.p99Bound(), serverOpen);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during the limit search", e);
                }
                return new Outcome(null, found, serverFigures(inProcess, processes), url, 1);
            }
            SoakClient client = layout.shards() == 1 ? SoakClient.local(whole) : FleetShards.start(fleets, outDir);
            SoakRun run = new SoakRun(new SoakRun.Settings(whole, spec.window(), spec.duration(),
                    spec.connectionTolerance(), spec.memoryTolerance(), spec.driftRatio()), client, serverOpen);
            current = run;
            if (stopped) {
                run.stop();
            }
            SoakRun.Result result = run.run(outDir, onWindow);
            return new Outcome(result, null, serverFigures(inProcess, processes), url, layout.shards());
        } finally {
            if (inProcess != null) {
                inProcess.close();
            }
            processes.forEach(ServerProcess::close);
        }
    }

    /** One shard's fleet (or the whole, with {@code shards} 1): its part of the connections and of the open rate. */
    private static FleetSpec fleet(SoakSpec spec, @Nullable String base, int connections, int shards) {
        String url = base == null ? spec.url() : spec.url().replace("${server.url}", base);
        FleetSpec fleet = FleetSpec.of(URI.create(url), connections, spec.requestInterval())
                .withSources(addresses(spec.sourceAddresses()))
                .withOpenRate(Math.max(1, spec.openRate() / shards))
                .withTimeouts(spec.connectTimeout(), spec.requestTimeout())
                .withReplacement(spec.replaceClosed());
        if (spec.load() instanceof dev.sluice.profile.SoakLoad.Concurrency c) {
            // The users are the whole fleet's: each shard runs its share of them.
            int users = (int) Math.round((double) c.users() * connections / spec.connections());
            fleet = fleet.withClosedLoop(Math.max(1, Math.min(connections, users)), c.thinkTime());
        }
        return fleet;
    }

    /** The servers' last figures: processes are stopped first, so they are the ones each printed as it stopped. */
    private static List<ServerStats.Snapshot> serverFigures(@Nullable TestServer inProcess, List<ServerProcess> processes) {
        List<ServerStats.Snapshot> out = new ArrayList<>();
        for (ServerProcess p : processes) {
            p.close();
            out.add(p.snapshot());
        }
        if (inProcess != null) {
            out.add(inProcess.stats().snapshot());
        }
        return out;
    }

    private static List<InetAddress> addresses(List<String> literals) {
        List<InetAddress> out = new ArrayList<>();
        for (String literal : literals) {
            try {
                out.add(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("soak.source-addresses: '" + literal + "' is not an address", e);
            }
        }
        return out;
    }
}
