package dev.sluice.bridge;

import dev.sluice.profile.SchedulerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command line that starts one worker: the profile's own, or sluice's JVM worker. */
final class WorkerCommandLine {

    /** The class whose {@code worker} subcommand runs the JVM worker loop. */
    static final String MAIN_CLASS = "dev.sluice.cli.Main";

    private WorkerCommandLine() {
    }

    static List<String> of(SchedulerSpec.Process spec) {
        List<String> command = new ArrayList<>();
        Path setpriv = setpriv();
        if (setpriv != null) {
            // The kernel kills the worker when the thread that started it dies, even if the JVM is SIGKILLed.
            command.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.addAll(spec.builtIn() ? jvmWorker() : spec.command());
        return command;
    }

    /** This JVM's java, class path and native-access flag, running {@code sluice worker}. */
    static List<String> jvmWorker() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The marker first: `ps` (and the tests) see it even where a long class path truncates the line.
        return List.of(java.toString(), "-Dsluice.worker=true", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=4", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "worker");
    }

    /** {@code setpriv} from util-linux, on Linux when it is installed; null elsewhere. */
    private static @org.jspecify.annotations.Nullable Path setpriv() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
