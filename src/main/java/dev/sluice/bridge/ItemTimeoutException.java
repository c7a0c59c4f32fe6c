package dev.sluice.bridge;

import java.util.concurrent.TimeoutException;

/** A worker held this item and answered nothing for the stage's item-timeout; it was killed and replaced. */
public final class ItemTimeoutException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    ItemTimeoutException(String message) {
        super(message);
    }
}
