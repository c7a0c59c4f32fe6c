package dev.sluice.run;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.SoakProfile;
import dev.sluice.profile.SoakSpec;
import dev.sluice.soak.DiscoverLimit;
import dev.sluice.soak.FleetSpec;
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
 * Runs a soak profile: starts its test server (in this JVM, or in a process of its own with
 * {@code server-process}), holds the fleet for the soak's duration ({@link SoakRun}), stops the server and
 * returns what happened with the server's own last figures. {@link #stop()} (for Ctrl-C) ends it early;
 * it still closes every connection and judges what it has.
 */
public final class SoakRunner {

    private volatile @Nullable SoakRun current;
    private volatile @Nullable DiscoverLimit search;
    private volatile boolean stopped;

    /**
     * What a soak left (or, with {@code discover-limit}, what the search found: then {@code result} is null),
     * with the server's figures (null without a server of the run's own).
     */
    public record Outcome(SoakRun.@Nullable Result result, DiscoverLimit.@Nullable Result limit,
            ServerStats.@Nullable Snapshot server, String url) {
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

    public Outcome run(SoakProfile profile, Path outDir, Consumer<double[]> onWindow) {
        requireNonNull(profile, "profile");
        SoakSpec spec = profile.soak();
        TestServer inProcess = null;
        ServerProcess process = null;
        try {
            String base = null;
            LongSupplier serverOpen = null;
            if (profile.server() != null) {
                if (spec.serverProcess()) {
                    // The server's sockets count against its own process's limit, not the client's.
                    process = ServerProcess.start(profile.server(), outDir.resolve("server"),
                            spec.duration().plus(Duration.ofMinutes(5)));
                    ServerProcess p = process;
                    base = p.url();
                    serverOpen = p::openConnections;
                } else {
                    inProcess = TestServer.start(profile.server());
                    base = inProcess.url();
                    serverOpen = inProcess.stats()::openConnections;
                }
            }
            String url = base == null ? spec.url() : spec.url().replace("${server.url}", base);
            FleetSpec fleet = FleetSpec.of(URI.create(url), spec.connections(), spec.requestInterval())
                    .withSources(addresses(spec.sourceAddresses()))
                    .withOpenRate(spec.openRate())
                    .withTimeouts(spec.connectTimeout(), spec.requestTimeout())
                    .withReplacement(spec.replaceClosed());
            if (spec.load() instanceof dev.sluice.profile.SoakLoad.Concurrency c) {
                fleet = fleet.withClosedLoop(c.users(), c.thinkTime());
            }
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
                            ? d.runByRate(fleet, dr.step(), dr.max(), spec.window(), dr.p99Bound(), serverOpen)
                            : d.run(fleet, dl.step(), dl.max(), spec.window(), dl.p99Bound(), serverOpen);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during the limit search", e);
                }
                return new Outcome(null, found, serverFigures(inProcess, process), url);
            }
            SoakRun run = new SoakRun(new SoakRun.Settings(fleet, spec.window(), spec.duration(),
                    spec.connectionTolerance(), spec.memoryTolerance(), spec.driftRatio()), serverOpen);
            current = run;
            if (stopped) {
                run.stop();
            }
            SoakRun.Result result = run.run(outDir, onWindow);
            return new Outcome(result, null, serverFigures(inProcess, process), url);
        } finally {
            if (inProcess != null) {
                inProcess.close();
            }
            if (process != null) {
                process.close();
            }
        }
    }

    /** The server's last figures: a process is stopped first, so they are the ones it printed as it stopped. */
    private static ServerStats.@Nullable Snapshot serverFigures(@Nullable TestServer inProcess,
            @Nullable ServerProcess process) {
        if (process != null) {
            process.close();
            return process.snapshot();
        }
        return inProcess == null ? null : inProcess.stats().snapshot();
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
