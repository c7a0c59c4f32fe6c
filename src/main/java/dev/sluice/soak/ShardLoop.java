package dev.sluice.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The loop of one shard process ({@code sluice soak-shard}, started by {@link FleetShards}): holds one
 * {@link ConnectionFleet} and answers the coordinator's lines ({@link ShardWire}) until {@code exit} or
 * until its input ends (the coordinator is gone), closing its connections cleanly either way.
 */
public final class ShardLoop {

    private ShardLoop() {
    }

    /** Serves the coordinator on {@code in}/{@code out}; returns the process's exit code. */
    public static int serve(InputStream in, PrintStream out) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        ConnectionFleet fleet = null;
        try {
            String first = lines.readLine();
            if (first == null) {
                return 0;
            }
            FleetSpec spec = ShardWire.spec(first);
            ProcessGauges gauges = new ProcessGauges();
            fleet = new ConnectionFleet(spec);
            say(out, ShardWire.READY + " " + ShardWire.gauges(gauges.read()));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String word = line.strip();
                if (word.equals(ShardWire.START)) {
                    fleet.start().subscribe();
                    say(out, ShardWire.STARTED);
                } else if (word.equals(ShardWire.DRAIN)) {
                    FleetWindow w = fleet.drain();
                    say(out, ShardWire.WINDOW + " " + ShardWire.window(
                            new ClientWindow(w, fleet.open(), fleet.pending(), gauges.read()), fleet.counts()));
                } else if (word.startsWith(ShardWire.CLOSE + " ")) {
                    Duration grace = Duration.ofMillis(Long.parseLong(word.substring(ShardWire.CLOSE.length() + 1)));
                    String error = "";
                    try {
                        fleet.closeGracefully(grace).block();
                    } catch (RuntimeException e) {
                        error = String.valueOf(e.getMessage());
                    }
                    say(out, ShardWire.CLOSED + " " + fleet.open() + (error.isEmpty() ? "" : " " + error.replace('\n', ' ')));
                } else if (word.equals(ShardWire.EXIT)) {
                    break;
                } else {
                    say(out, ShardWire.FAILED + " unknown command '" + word + "'");
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            say(out, ShardWire.FAILED + " " + String.valueOf(e).replace('\n', ' '));
            return 1;
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static void say(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
