package dev.sluice.bridge;

/** A worker could not be started; the message is one line naming the cause and the worker's last stderr. */
public final class WorkerStartException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public WorkerStartException(String message) {
        super(message);
    }
}
