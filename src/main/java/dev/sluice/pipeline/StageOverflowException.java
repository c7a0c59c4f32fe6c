package dev.sluice.pipeline;

/** A stage's buffer, set to {@code overflow: error}, was full when another item arrived. */
public final class StageOverflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StageOverflowException(String stage, int size) {
        super("stage " + stage + ": its buffer of " + size + " items was full and overflow is 'error'; "
                + "raise buffer.size, choose overflow: block (backpressure) or drop-newest/drop-oldest");
    }
}
