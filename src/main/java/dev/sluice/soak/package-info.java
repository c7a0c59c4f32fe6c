/**
 * Soak tests of connection limits: a fleet of keep-alive connections held open at a controlled request
 * rate, what the process costs per window (heap after GC, RSS, file descriptors, threads), and the
 * verdicts drawn from those series (connection leak, memory leak, latency drift).
 */
@NullMarked
package dev.sluice.soak;

import org.jspecify.annotations.NullMarked;
