/** Runs an assembled pipeline under its load model and turns the measurements into a result. */
@NullMarked
package dev.sluice.run;

import org.jspecify.annotations.NullMarked;
