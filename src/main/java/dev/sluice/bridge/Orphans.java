package dev.sluice.bridge;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every worker process this JVM started and has not yet seen end. When the JVM exits in an orderly
 * way (end of main, SIGTERM, Ctrl-C) a shutdown hook kills what is left. A SIGKILL of the JVM runs no
 * hook: there {@code setpriv --pdeathsig} and the workers' own end-of-stdin rule take over.
 */
final class Orphans {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> LIVE.forEach(Process::destroyForcibly), "sluice-worker-reaper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private Orphans() {
    }

    static void track(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
    }

    /** Worker processes alive now (for tests and the end of a run). */
    static int live() {
        return (int) LIVE.stream().filter(Process::isAlive).count();
    }
}
