/** Recorders for one run: HdrHistogram latencies, counters, the monotonic clock, process resources. */
@NullMarked
package dev.sluice.metrics;

import org.jspecify.annotations.NullMarked;
