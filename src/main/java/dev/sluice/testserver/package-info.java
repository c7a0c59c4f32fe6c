/**
 * The embedded test server: synthetic sites and APIs with controlled latency, faults and connection
 * limits, on Reactor Netty, counting from the server side what clients really did.
 */
@NullMarked
package dev.sluice.testserver;

import org.jspecify.annotations.NullMarked;
