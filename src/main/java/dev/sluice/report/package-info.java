/** The immutable result model of a run and its pure renderers: console table, JSON, progress line. */
@NullMarked
package dev.sluice.report;

import org.jspecify.annotations.NullMarked;
