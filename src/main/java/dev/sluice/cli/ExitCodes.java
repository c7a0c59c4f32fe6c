package dev.sluice.cli;

/** The exit codes of every sluice command, as documented in {@code --help} and the README. */
public final class ExitCodes {

    /** Everything ran and every threshold held. */
    public static final int OK = 0;
    /** The run finished but a threshold failed. */
    public static final int THRESHOLD_FAILED = 1;
    /** Invalid input: a profile or an argument is wrong; nothing ran. */
    public static final int INVALID_INPUT = 2;
    /** The run itself failed (a buffer overflowed with overflow: error, a sink could not write, a bug). */
    public static final int RUN_FAILED = 3;
    /** Interrupted (Ctrl-C); the partial result was written. */
    public static final int INTERRUPTED = 130;

    static final String HELP = """
            Exit codes:
              0    ok
              1    a threshold failed
              2    invalid input (profile or arguments)
              3    the run failed
              130  interrupted (Ctrl-C); the partial result is still written""";

    private ExitCodes() {
    }
}
