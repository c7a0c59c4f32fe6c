package dev.sluice.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Reads what a run cost the process: CPU time (user + system), peak live platform threads (the JVM
 * does not count virtual ones), peak heap and GC time, between {@link #start()} and {@link #stop()}.
 */
public final class ResourceProbe {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    private long cpuAtStart;
    private long gcAtStart;

    /** What the run used. */
    public record Usage(double cpuSeconds, int peakThreads, long peakHeapBytes, double gcSeconds, int cores) {
    }

    public void start() {
        threads.resetPeakThreadCount();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        cpuAtStart = os.getProcessCpuTime();
        gcAtStart = gcMillis();
    }

    /** Usage since {@link #start()}. */
    public Usage stop() {
        double cpu = (os.getProcessCpuTime() - cpuAtStart) / 1e9;
        long peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Usage(cpu, threads.getPeakThreadCount(), peakHeap, (gcMillis() - gcAtStart) / 1e3,
                Runtime.getRuntime().availableProcessors());
    }

    private long gcMillis() {
        return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionTime())).sum();
    }
}
