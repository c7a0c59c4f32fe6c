/** A stage's policies mapped to Resilience4j, applied to each item's own Mono. */
@NullMarked
package dev.sluice.resilience;

import org.jspecify.annotations.NullMarked;
