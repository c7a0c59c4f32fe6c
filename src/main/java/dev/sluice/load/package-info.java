/** Load models: the arrival schedule of the open model and the generator that keeps to it. */
@NullMarked
package dev.sluice.load;

import org.jspecify.annotations.NullMarked;
