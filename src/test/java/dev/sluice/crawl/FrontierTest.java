package dev.sluice.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrontierTest {

    @TempDir
    Path dir;

    @Test
    void keepsFirstInFirstOutAcrossTheSpillFile() {
        try (Frontier frontier = new Frontier(16, dir.resolve("spill"))) {
            List<CrawlTarget> in = new ArrayList<>();
            List<CrawlTarget> out = new ArrayList<>();
            int next = 0;
            // Offers and polls interleaved, as a crawl's link and fetch stages do: 5 in, 2 out.
            for (int round = 0; round < 400; round++) {
                for (int k = 0; k < 5; k++) {
                    CrawlTarget t = new CrawlTarget("http://127.0.0.1/site/" + next, next % 7);
                    next++;
                    in.add(t);
                    frontier.offer(t);
                }
                for (int k = 0; k < 2; k++) {
                    out.add(frontier.poll());
                }
            }
            for (CrawlTarget t = frontier.poll(); t != null; t = frontier.poll()) {
                out.add(t);
            }
            assertThat(out).containsExactlyElementsOf(in);
            assertThat(frontier.peakInMemory()).isLessThanOrEqualTo(16);
            assertThat(frontier.spilled()).isPositive();
            assertThat(frontier.peakSize()).isGreaterThan(1000);
            assertThat(frontier.isEmpty()).isTrue();
        }
    }

    @Test
    void holdsNoMoreThanTheHighWaterMarkInMemoryHoweverManyWait() {
        try (Frontier frontier = new Frontier(100, dir.resolve("spill"))) {
            for (int i = 0; i < 50_000; i++) {
                frontier.offer(new CrawlTarget("http://127.0.0.1/site/" + Integer.toString(i, 36), 3));
                if (i % 10 == 0) {
                    frontier.poll();
                }
                assertThat(frontier.inMemory()).isLessThanOrEqualTo(100);
            }
            assertThat(frontier.size()).isEqualTo(45_000);
            assertThat(frontier.peakInMemory()).isEqualTo(100);
            assertThat(Files.exists(dir.resolve("spill"))).isTrue();
        }
    }

    @Test
    void startsTheFileAfreshOnceEverythingOnDiskIsBack() {
        Path spill = dir.resolve("spill");
        try (Frontier frontier = new Frontier(20, spill)) {
            for (int i = 0; i < 60; i++) {
                frontier.offer(new CrawlTarget("http://127.0.0.1/" + i, 1));
            }
            for (int i = 0; i < 60; i++) {
                assertThat(frontier.poll().url()).isEqualTo("http://127.0.0.1/" + i);
            }
            assertThat(Files.exists(spill)).isFalse();
            frontier.offer(new CrawlTarget("http://127.0.0.1/again", 2));
            assertThat(frontier.poll()).isEqualTo(new CrawlTarget("http://127.0.0.1/again", 2));
            assertThat(frontier.poll()).isNull();
        }
    }

    @Test
    void closingDeletesTheFileAndKeepsTheCountOfWhatWasLeft() {
        Path spill = dir.resolve("spill");
        Frontier frontier = new Frontier(16, spill);
        for (int i = 0; i < 100; i++) {
            frontier.offer(new CrawlTarget("http://127.0.0.1/" + i, 0));
        }
        frontier.poll();
        frontier.close();
        assertThat(Files.exists(spill)).isFalse();
        assertThat(frontier.size()).isEqualTo(99);
        frontier.offer(new CrawlTarget("http://127.0.0.1/late", 0));
        assertThat(frontier.poll()).isNull();
    }

    @Test
    void rejectsAHighWaterMarkBelowOne() {
        assertThatThrownBy(() -> new Frontier(0, dir.resolve("spill")))
                .hasMessage("highWater must be > 0, but was 0");
    }
}
