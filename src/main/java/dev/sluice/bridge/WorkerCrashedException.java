package dev.sluice.bridge;

/** An item failed because every worker that held it died (killed, crashed or exited) before answering. */
public final class WorkerCrashedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkerCrashedException(String message) {
        super(message, null, false, false);
    }
}
