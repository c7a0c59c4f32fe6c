package dev.sluice.load;

import dev.sluice.profile.LoadSpec;
import java.util.List;

/**
 * When each arrival of an open model is due, as an offset from the start: steady phases space arrivals
 * 1/rate apart, ramps follow the rate's straight line (the k-th arrival of a ramp solves
 * r0 t + (r1 - r0) t^2 / 2D = k). Pure arithmetic, so tests can check it exactly.
 */
public final class ArrivalSchedule {

    private final List<LoadSpec.Phase> phases;

    public ArrivalSchedule(LoadSpec.ArrivalRate load) {
        this.phases = load.phases();
    }

    /** How many arrivals the whole schedule has. */
    public long count() {
        long n = 0;
        double previous = 0;
        for (LoadSpec.Phase phase : phases) {
            double r0 = phase.rate() != null ? phase.rate().perSecond() : previous;
            double r1 = phase.rampTo() != null ? phase.rampTo().perSecond() : r0;
            n += (long) Math.floor((r0 + r1) / 2 * phase.duration().toNanos() / 1e9);
            previous = r1;
        }
        return n;
    }

    /** The mean rate over the schedule, arrivals per second. */
    public double meanRate() {
        double seconds = phases.stream().mapToLong(p -> p.duration().toNanos()).sum() / 1e9;
        return seconds > 0 ? count() / seconds : 0;
    }

    /** A cursor over the due offsets, in order. Not thread-safe: one generator walks it. */
    public Cursor cursor() {
        return new Cursor();
    }

    /** Walks the arrivals phase by phase. */
    public final class Cursor {
        private int phase = -1;
        private long phaseStart;
        private long phaseArrivals;
        private long k;
        private double r0;
        private double r1;
        private double previous;
        private long nextPhaseStart;

        private Cursor() {
            advancePhase();
        }

        private void advancePhase() {
            while (true) {
                if (phase >= 0) {
                    previous = r1;
                    phaseStart = nextPhaseStart;
                }
                phase++;
                if (phase >= phases.size()) {
                    return;
                }
                LoadSpec.Phase p = phases.get(phase);
                r0 = p.rate() != null ? p.rate().perSecond() : previous;
                r1 = p.rampTo() != null ? p.rampTo().perSecond() : r0;
                long duration = p.duration().toNanos();
                nextPhaseStart = phaseStart + duration;
                phaseArrivals = (long) Math.floor((r0 + r1) / 2 * duration / 1e9);
                k = 0;
                if (phaseArrivals > 0) {
                    return;
                }
            }
        }

        public boolean hasNext() {
            return phase < phases.size();
        }

        /** The next arrival's offset from the start of the schedule, in nanoseconds. */
        public long next() {
            LoadSpec.Phase p = phases.get(phase);
            double durationSeconds = p.duration().toNanos() / 1e9;
            double slope = (r1 - r0) / durationSeconds;
            double target = k;
            double t;
            if (Math.abs(slope) < 1e-12) {
                t = target / r0;
            } else {
                // slope/2 t^2 + r0 t - k = 0, the positive root
                t = (-r0 + Math.sqrt(r0 * r0 + 2 * slope * target)) / slope;
            }
            long offset = phaseStart + Math.round(t * 1e9);
            k++;
            if (k >= phaseArrivals) {
                advancePhase();
            }
            return offset;
        }
    }
}
