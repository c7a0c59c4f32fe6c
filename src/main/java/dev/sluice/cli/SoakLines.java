package dev.sluice.cli;

import dev.sluice.profile.SoakProfile;
import dev.sluice.profile.SoakSpec;
import dev.sluice.profile.Units;
import dev.sluice.report.ThresholdResult;
import dev.sluice.soak.DiscoverLimit;
import dev.sluice.soak.FleetClose;
import dev.sluice.soak.FleetCounts;
import dev.sluice.soak.SoakRun;
import dev.sluice.soak.SoakVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code sluice run} prints of a soak or a limit search: its first line, a line per window or step, the end. */
final class SoakLines {

    private SoakLines() {
    }

    /** The first line: what the run will do. */
    static String header(SoakProfile profile, int shards) {
        SoakSpec s = profile.soak();
        if (s.discoverRate() != null) {
            return String.format(Locale.ROOT, "%s  limit search by rate: %,d connections, %,d/s more each step, up to %,d/s, "
                    + "each held %s", profile.name(), s.connections(), s.discoverRate().step(), s.discoverRate().max(),
                    Units.format(s.window()));
        }
        if (s.discoverLimit() != null) {
            return String.format(Locale.ROOT, "%s  limit search: %,d connections more each step, up to %,d, each held %s",
                    profile.name(), s.discoverLimit().step(), s.discoverLimit().max(), Units.format(s.window()));
        }
        return String.format(Locale.ROOT, "%s  soak: %,d connections for %s, a window every %s%s; %s", profile.name(),
                s.connections(), Units.format(s.duration()), Units.format(s.window()),
                shards == 1 ? "" : String.format(Locale.ROOT, ", held by %d client processes", shards),
                SoakLoadSettings.describe(s));
    }

    /** One window's line, from its row of {@link SoakRun#COLUMNS}. */
    static String window(double[] row) {
        return String.format(Locale.ROOT, "  %7.1f s  open %,.0f (server %s)  %,.0f req/s  p99 %s  errors %,.0f  "
                        + "heap after GC %s  RSS %s  fds %,.0f  threads %,.0f",
                at(row, "t"), at(row, "clientOpen"), count(at(row, "serverOpen")), at(row, "requestsPerSecond"),
                Double.isNaN(at(row, "p99Ms")) ? "-" : String.format(Locale.ROOT, "%.2f ms", at(row, "p99Ms")),
                at(row, "errors"), mib(at(row, "heapAfterGcBytes")), mib(at(row, "rssBytes")), at(row, "fds"),
                at(row, "threads"));
    }

    /** The lines after a soak: totals, the close on both sides, memory, problems, verdicts, then thresholds. */
    static List<String> summary(SoakRun.Result r, boolean clean, List<ThresholdResult> thresholds) {
        List<String> out = new ArrayList<>();
        FleetCounts t = r.totals();
        out.add("");
        out.add(String.format(Locale.ROOT, "  connections opened %,d, failed to open %,d, closed by the server or on error %,d; "
                        + "requests %,d, errors %,d, late %,d", t.opened(), t.failedTotal(),
                t.closed(FleetClose.BY_PEER) + t.closed(FleetClose.ON_ERROR), t.sent(), t.errorsTotal(), t.late()));
        out.add(String.format(Locale.ROOT, "  after the close: client %d open, server %s open  %s", r.clientOpenAfter(),
                r.serverOpenAfter() < 0 ? "-" : Long.toString(r.serverOpenAfter()), clean ? "pass" : "FAIL"));
        if (r.rssPerConnectionBytes() >= 0) {
            out.add(String.format(Locale.ROOT, "  client memory: RSS %s before the connections, %,.0f bytes more per open "
                    + "connection", mib(r.baseline().rssBytes()), r.rssPerConnectionBytes()));
        }
        r.problems().forEach(problem -> out.add("  FAIL  " + problem));
        for (SoakVerdict v : r.verdicts()) {
            out.add(String.format(Locale.ROOT, "  %s  %s: %s", v.passed() ? "pass" : v.failed() ? "FAIL" : "n/a ", v.name(),
                    v.text()));
        }
        out.add("");
        for (ThresholdResult th : thresholds) {
            out.add(String.format(Locale.ROOT, "  %s  threshold %s (measured %s)", th.passed() ? "pass" : "FAIL", th.expr(),
                    th.actual() == null ? "nothing: the run has no such figure" : number(th.actual())));
        }
        return out;
    }

    /** One step of a limit search. */
    static String step(DiscoverLimit.Step s) {
        return String.format(Locale.ROOT, "  %,8d connections  %,9.0f/s asked %,9.1f/s answered  opened %,d  refused %,d  "
                        + "timeouts %,d  errors %,d  p99 %s  %s",
                s.connections(), s.requestedRate(), s.achievedRate(), s.opened(), s.refused(), s.timeouts(), s.errors(),
                s.p99Ms() < 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", s.p99Ms()), s.outcome());
    }

    private static double at(double[] row, String column) {
        return row[SoakRun.COLUMNS.indexOf(column)];
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%,.4g", v);
    }

    private static String mib(double bytes) {
        return bytes < 0 || Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (1 << 20));
    }
}
