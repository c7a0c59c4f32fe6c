/**
 * The stage contract, the built-in stage kinds and sinks, and the assembly of a profile into one
 * Reactor {@code Flux}: source, then each stage on its own scheduler, then the sink.
 */
@NullMarked
package dev.sluice.pipeline;

import org.jspecify.annotations.NullMarked;
