package dev.sluice.cli;

import dev.sluice.soak.ShardLoop;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code sluice soak-shard}: one shard of a soak's fleet, started by {@code sluice run} when a soak holds
 * more connections than one process may; it speaks a line protocol on stdin/stdout (dev.sluice.soak.ShardWire).
 * A person never needs to run it.
 */
@Command(name = "soak-shard", hidden = true, mixinStandardHelpOptions = true,
        description = "Holds one shard of a soak's connections (started by sluice run; speaks a line protocol on stdin/stdout).")
final class SoakShardCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return ShardLoop.serve(System.in, System.out);
    }
}
