package dev.sluice.soak;

/**
 * One window of a {@link SoakClient}: the fleet's window, the connections open and {@code pending} (wanted
 * but not open: see {@link ConnectionFleet#pending()}) at its end, and the gauges of the client's
 * processes then (summed when the fleet is split over several).
 */
public record ClientWindow(FleetWindow window, int open, int pending, ProcessGauges.Reading gauges) {
}
