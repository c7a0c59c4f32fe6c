package dev.sluice.soak;

import io.netty.channel.ConnectTimeoutException;
import java.net.BindException;
import java.net.ConnectException;

/**
 * Why a connection could not be opened.
 *
 * <p>A server that accepts a connection and resets it at once (the test server beyond
 * {@code max-connections} with {@code refuse}) shows up one of two ways, depending on a race: the
 * kernel completes the handshake before the server's accept loop sees the connection, so when the
 * fleet's event loop notices the connect before the reset arrives it counts the connection opened and
 * then {@link FleetClose#BY_PEER closed by the peer}; when the reset arrives first, the connect fails
 * with a reset, counted {@link #REFUSED}. Their sum is exact.
 */
public enum FleetFailure {
    /** Reset while connecting: nothing listens, or the server reset the connection as it accepted it. */
    REFUSED,
    /** No answer within the connect timeout. */
    TIMEOUT,
    /** No local port left on the source address (bind: address in use / cannot assign requested address). */
    NO_PORT,
    /** The process is out of file descriptors (too many open files). */
    NO_FILE,
    /** Anything else. */
    OTHER;

    /** The class of a connect failure, from the exception and its causes. */
    public static FleetFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (t instanceof ConnectTimeoutException) {
                return TIMEOUT;
            }
            if (message.contains("too many open files")) {
                return NO_FILE;
            }
            if (t instanceof BindException || message.contains("cannot assign requested address")
                    || message.contains("address already in use")) {
                return NO_PORT;
            }
            if (t instanceof ConnectException && message.contains("refused")
                    || message.contains("connection reset")) {
                return REFUSED;
            }
        }
        return OTHER;
    }
}
