package dev.sluice.run;

import java.util.List;

/** The worker processes this JVM started (sluice's JVM worker or the Python worker), found by command line. */
final class Workers {

    private Workers() {
    }

    /** The live ones, after waiting up to {@code seconds} for any to go. */
    static List<ProcessHandle> alive(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            List<ProcessHandle> live = of(ProcessHandle.current());
            if (live.isEmpty() || System.nanoTime() >= deadline) {
                return live;
            }
            Thread.sleep(50);
        }
    }

    static List<ProcessHandle> of(ProcessHandle parent) {
        return parent.descendants().filter(ProcessHandle::isAlive).filter(p -> {
            String line = p.info().commandLine().orElse("") + " " + String.join(" ", p.info().arguments().orElse(new String[0]));
            return line.contains("-Dsluice.worker=true") || line.contains("worker.py");
        }).toList();
    }
}
