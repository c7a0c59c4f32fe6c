package dev.sluice.bridge;

import dev.sluice.profile.SchedulerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts one worker: the profile's own, or sluice's JVM worker. */
final class WorkerCommandLine {

    /** The class whose {@code worker} subcommand runs the JVM worker loop. */
    static final String MAIN_CLASS = "dev.sluice.cli.Main";

    private WorkerCommandLine() {
    }

    static List<String> of(SchedulerSpec.Process spec, int slot) {
        List<String> command = new ArrayList<>();
        Path setpriv = ChildJvm.tool("setpriv");
        if (setpriv != null) {
            // The kernel kills the worker when the thread that started it dies, even if the JVM is SIGKILLed.
            command.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.addAll(spec.builtIn() ? jvmWorker(slot, System.getProperty("java.class.path")) : spec.command());
        return command;
    }

    /** This JVM's java with the given class path, running {@code sluice worker}. */
    static List<String> jvmWorker(int slot, String classPath) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                // The marker first: `ps` (and the tests) see it even where a long class path truncates the line.
                "-Dsluice.worker=true", "-XX:+UseSerialGC",
                // stdout carries frames only: the JVM's own log lines go to stderr, and none of its
                // class-data-sharing chatter at all.
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:cds*=off:stderr", "-Xlog:aot*=off:stderr"));
        Path jar = Path.of(classPath);
        if (classPath.endsWith(".jar") && Files.isRegularFile(jar) && jar.getParent() != null
                && Files.isWritable(jar.getParent())) {
            // A class-data archive per slot beside the jar, made by the first worker that exits: measured,
            // two workers start in ~0.64 s instead of ~1.05 s. The JVM refuses an archive made from an
            // older jar but does not make a new one, so the jar's size and time are in the name.
            Path archive = archiveFor(jar, slot);
            if (archive != null) {
                command.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive));
            }
        }
        command.addAll(List.of("-cp", classPath, MAIN_CLASS, "worker"));
        return command;
    }

    /** The slot's archive for this build of the jar; archives of older builds of the slot are removed. */
    private static @org.jspecify.annotations.Nullable Path archiveFor(Path jar, int slot) {
        try {
            String prefix = "sluice-worker-" + slot + "-";
            String build = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
            Path archive = jar.resolveSibling(prefix + build + ".jsa");
            try (var old = Files.newDirectoryStream(jar.getParent(), prefix + "*.jsa")) {
                for (Path p : old) {
                    if (!p.equals(archive)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            return archive;
        } catch (java.io.IOException e) {
            return null; // no archive: the worker starts a little slower
        }
    }
}
