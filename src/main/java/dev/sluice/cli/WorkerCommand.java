package dev.sluice.cli;

import dev.sluice.bridge.JvmWorker;
import dev.sluice.pipeline.WorkerLogic;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code sluice worker}: a worker process of the {@code process} scheduler, started by sluice itself.
 * It speaks docs/worker-protocol.md on stdin/stdout; a person never needs to run it.
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs one worker of a process stage (started by sluice; speaks docs/worker-protocol.md on stdin/stdout).")
final class WorkerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return JvmWorker.run(System.in, System.out, System.err, WorkerLogic::create);
    }
}
