package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGaugesTest {

    private static final long MIB = 1024 * 1024;

    private final ProcessGauges gauges = new ProcessGauges();

    @Test
    void readingsArePlausible() {
        System.gc();
        ProcessGauges.Reading r = gauges.read();
        assertThat(r.heapAfterGcBytes()).isPositive();
        assertThat(r.heapUsedBytes()).isPositive();
        assertThat(r.liveThreads()).isPositive();
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
        assertThat(r.rssBytes()).isGreaterThan(r.heapAfterGcBytes() / 2).isLessThan(Runtime.getRuntime().maxMemory() + 4096 * MIB);
        assertThat(r.openFileDescriptors()).isPositive();
        assertThat(r.maxFileDescriptors()).isGreaterThanOrEqualTo(r.openFileDescriptors());
    }

    @Test
    void vmRssIsReadFromStatusText() {
        assertThat(ProcessGauges.vmRss("Name:\tjava\nVmPeak:\t 100 kB\nVmRSS:\t   2048 kB\nRssAnon:\t1 kB\n")).isEqualTo(2048 * 1024);
        assertThat(ProcessGauges.vmRss("VmRSS:\t12 kB")).isEqualTo(12 * 1024);
        assertThat(ProcessGauges.vmRss("Name:\tjava\n")).isEqualTo(-1);
    }

    @Test
    void openingAHundredFilesRaisesTheCountByAHundred(@TempDir Path dir) throws IOException {
        assumeTrue(gauges.openFileDescriptors() >= 0, "no file descriptor count here");
        long before = gauges.openFileDescriptors();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Path file = Files.writeString(dir.resolve("f" + i), "x");
                open.add(Files.newInputStream(file));
            }
            assertThat(gauges.openFileDescriptors() - before).isBetween(100L, 102L);
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
        assertThat(gauges.openFileDescriptors() - before).isBetween(-2L, 2L);
    }

    @Test
    void retainingSixtyFourMebibytesRaisesHeapAfterGcAndReleasingLowersIt() {
        System.gc();
        long base = gauges.heapAfterGcBytes();
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < 64 * 16; i++) {
            kept.add(new byte[64 * 1024]);
        }
        System.gc();
        long retained = gauges.heapAfterGcBytes();
        assertThat(retained - base).as("rise with 64 MiB retained").isGreaterThanOrEqualTo(60 * MIB);
        assertThat(kept).hasSize(1024);
        kept = null;
        System.gc();
        long released = gauges.heapAfterGcBytes();
        assertThat(retained - released).as("fall once released").isGreaterThanOrEqualTo(60 * MIB);
    }

    @Test
    void startedThreadsAreCounted() throws InterruptedException {
        int before = gauges.liveThreads();
        CountDownLatch stop = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            assertThat(gauges.liveThreads() - before).isBetween(10, 12);
        } finally {
            stop.countDown();
            for (Thread t : started) {
                t.join();
            }
        }
    }
}
