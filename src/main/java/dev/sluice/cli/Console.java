package dev.sluice.cli;

import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * Where a command writes, and whether a person is watching. Injected so commands run in tests with
 * plain writers, no terminal and no signal handling.
 */
public record Console(PrintWriter out, PrintWriter err, boolean interactive, boolean handlesSignals) {

    /** The process's own streams; interactive when stdout is a terminal (and TERM is not dumb). */
    public static Console system() {
        return new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true), stdoutIsTerminal(),
                true);
    }

    /** For tests and embedding: these writers, no progress line, no signal handlers. */
    public static Console of(PrintWriter out, PrintWriter err) {
        return new Console(out, err, false, false);
    }

    private static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM")) || System.getenv("CI") != null) {
            return false;
        }
        // From JDK 22 System.console() is non-null even when redirected; isTerminal() tells the truth.
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
