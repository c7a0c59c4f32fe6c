package dev.sluice.run;

import dev.sluice.profile.SoakSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a soak's connections are laid over processes, and whether this machine allows it, decided before
 * anything starts. Two limits of the machine matter (docs/soak.md):
 * <ul>
 *   <li>open files per process: each connection is a socket in the client's process and another in the
 *       server's; {@code shards: auto} splits the fleet over as many client processes as it needs, and with
 *       {@code server-process} each shard gets a server process of its own;</li>
 *   <li>ephemeral ports: one source address has so many ports towards one server address and port; more
 *       connections need more source addresses (or more server processes, each on its own port).</li>
 * </ul>
 * A layout that cannot work is refused with what to change, instead of failing 19,000 connections in.
 */
record SoakLayout(int shards, List<Integer> connectionsPerShard, int servers) {

    /** Descriptors a JVM needs besides its sockets (jars, pipes, epoll, the JDK's own); measured ~60, with room. */
    static final int HEADROOM = 1_000;

    /**
     * The layout of {@code spec} on a machine allowing {@code maxFiles} open files per process and
     * {@code ports} ephemeral ports per source and destination; {@code embeddedServer}: the profile has a
     * {@code server:} block.
     *
     * @throws IllegalArgumentException with what to change, when the machine does not allow it
     */
    static SoakLayout of(SoakSpec spec, boolean embeddedServer, long maxFiles, int ports) {
        int connections = spec.discoverLimit() != null ? Math.max(spec.connections(), spec.discoverLimit().max())
                : spec.connections();
        long perProcess = Math.max(1, maxFiles - HEADROOM);
        boolean serverHere = embeddedServer && !spec.serverProcess();
        // A limit search holds each step in one process.
        int shards = spec.discoverLimit() != null ? 1 : spec.shards() == SoakSpec.AUTO_SHARDS
                ? (int) Math.max(1, ceil(connections, perProcess)) : spec.shards();
        long perShard = ceil(connections, shards);
        if (spec.discoverLimit() != null && perShard > perProcess) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "soak: a limit search holds each step in one "
                    + "process, which may hold %,d connections here (%,d open files, %,d kept for the JVM itself); set "
                    + "soak.discover-limit.max to at most %,d", perProcess, maxFiles, HEADROOM, perProcess));
        }
        if (perShard > perProcess) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "soak: %,d connections in %d process%s is %,d "
                    + "each, more than one process may hold here (%,d open files, %,d kept for the JVM itself); set "
                    + "soak.shards: %d or auto", connections, shards, shards == 1 ? "" : "es", perShard, maxFiles, HEADROOM,
                    ceil(connections, perProcess)));
        }
        if (serverHere) {
            // The server's sockets are in this JVM too: beside the fleet when it is here as well.
            long here = shards == 1 ? 2L * connections : connections;
            if (here > perProcess) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "soak: the run's server would hold its %,d "
                        + "connections in this process%s, %,d sockets where one process may hold %,d here; set "
                        + "soak.server-process: true (the server then runs in processes of its own)", connections,
                        shards == 1 ? " beside the client's" : "", here, perProcess));
            }
        }
        int servers = embeddedServer && spec.serverProcess() ? shards : embeddedServer ? 1 : 0;
        int destinations = Math.max(1, embeddedServer && spec.serverProcess() ? shards : 1);
        int sources = Math.max(1, spec.sourceAddresses().size());
        long perPair = ceil(connections, (long) sources * destinations);
        if (ports > 0 && perPair > ports) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "soak: %,d connections over %d source address%s "
                    + "to %d server address%s is %,d per pair, but one pair has only %,d ephemeral ports here; list at "
                    + "least %d addresses in soak.source-addresses (127.0.0.1, 127.0.0.2, ...)", connections, sources,
                    sources == 1 ? "" : "es", destinations, destinations == 1 ? "" : "es", perPair, ports,
                    ceil(connections, (long) ports * destinations)));
        }
        List<Integer> split = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            split.add(spec.connections() / shards + (i < spec.connections() % shards ? 1 : 0));
        }
        return new SoakLayout(shards, List.copyOf(split), servers);
    }

    /** As {@link #of(SoakSpec, boolean, long, int)} with this process's open-files limit and this machine's ports. */
    static SoakLayout here(SoakSpec spec, boolean embeddedServer) {
        long maxFiles = new dev.sluice.soak.ProcessGauges().maxFileDescriptors();
        return of(spec, embeddedServer, maxFiles < 0 ? Long.MAX_VALUE / 2 : maxFiles, ephemeralPorts());
    }

    /** The size of {@code net.ipv4.ip_local_port_range}; 0 when it cannot be read (then it is not checked). */
    static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
