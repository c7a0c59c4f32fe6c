package dev.sluice.soak;

/** Why a request sent on a fleet connection got no complete response. */
public enum FleetError {
    /** No complete response within the request timeout; the fleet then closes the connection. */
    TIMEOUT,
    /** The peer reset or closed the connection while the response was pending. */
    CLOSED,
    /** Still pending when the fleet closed the connection itself (after the close's grace period). */
    ABANDONED,
    /** Anything else: an unparsable response, a response nobody asked for, a write error. */
    OTHER
}
