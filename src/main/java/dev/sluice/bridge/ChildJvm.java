package dev.sluice.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The command line of a helper process that sluice starts on its own java and class path (the test server
 * of a soak, a shard of a soak's fleet). On Linux it is wrapped so that:
 * <ul>
 *   <li>the kernel kills the child when the thread that started it dies ({@code setpriv --pdeathsig KILL}),
 *       even when this JVM is killed with SIGKILL and cannot stop it;</li>
 *   <li>the child runs in a session of its own ({@code setsid}): a Ctrl-C in the terminal signals this
 *       JVM only, which then stops the child in order (close its connections, collect its last figures),
 *       instead of every process of the run dying at once and the figures with them.</li>
 * </ul>
 * Both tools are util-linux's and exec in place, so the child keeps the pid the {@link Process} reports.
 * Where they are missing, the plain command is used.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java OPTIONS -cp CLASSPATH dev.sluice.cli.Main ARGS}, wrapped as the class comment says. */
    public static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        Path setpriv = tool("setpriv");
        if (setpriv != null) {
            command.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        }
        Path setsid = tool("setsid");
        if (setsid != null) {
            command.add(setsid.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerCommandLine.MAIN_CLASS));
        command.addAll(args);
        return List.copyOf(command);
    }

    /** A util-linux tool on Linux when it is installed; null elsewhere. */
    static @Nullable Path tool(String name) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
