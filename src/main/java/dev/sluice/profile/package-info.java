/**
 * Pipeline profiles: immutable records, the YAML loader that keeps positions, validation,
 * {@code ${...}} interpolation and {@code --set} overrides. No Reactor types live here.
 */
@NullMarked
package dev.sluice.profile;

import org.jspecify.annotations.NullMarked;
