package dev.sluice.bridge;

/** The worker answered that the item failed; the message is the worker's. */
public final class WorkerItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkerItemException(String message) {
        super(message, null, false, false);
    }
}
