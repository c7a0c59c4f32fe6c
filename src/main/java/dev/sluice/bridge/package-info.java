/**
 * The out-of-process bridge: the {@code process} scheduler's pool of worker processes, the frames it
 * exchanges with them over their standard streams (docs/worker-protocol.md), and sluice's own JVM worker
 * loop. Nothing here knows Reactor: the pipeline wraps {@link dev.sluice.bridge.ProcessPool#submit} in a Mono.
 */
@NullMarked
package dev.sluice.bridge;

import org.jspecify.annotations.NullMarked;
