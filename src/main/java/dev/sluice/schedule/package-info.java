/** Scheduler kinds turned into named, disposable Reactor schedulers, made per run. */
@NullMarked
package dev.sluice.schedule;

import org.jspecify.annotations.NullMarked;
