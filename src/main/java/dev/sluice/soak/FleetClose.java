package dev.sluice.soak;

/** Who ended a fleet connection that had been open. */
public enum FleetClose {
    /** The fleet, when told to close. */
    BY_US,
    /** The server, without being asked: an idle timeout, a refused connection, a reset. */
    BY_PEER,
    /** The fleet, because the connection became unusable (a request timed out, a protocol error). */
    ON_ERROR
}
