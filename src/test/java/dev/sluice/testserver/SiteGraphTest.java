package dev.sluice.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ServerSpec.SiteSpec;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shape of the synthetic site: determinism, reachability, ranges, hosts and depth. */
class SiteGraphTest {

    private static SiteGraph site(long pages, int outDegree, long seed) {
        return new SiteGraph(new SiteSpec(pages, outDegree, 4096), seed, 1);
    }

    @Test
    void sameSeedGivesTheSameLinks() {
        SiteGraph a = site(10_000, 20, 42);
        SiteGraph b = site(10_000, 20, 42);
        for (long page = 0; page < 10_000; page += 7) {
            assertThat(a.links(page)).as("page %d", page).containsExactly(b.links(page));
        }
    }

    @Test
    void differentSeedGivesDifferentRandomLinks() {
        SiteGraph a = site(10_000, 20, 42);
        SiteGraph b = site(10_000, 20, 43);
        int differing = 0;
        for (long page = 0; page < 1_000; page++) {
            if (!java.util.Arrays.equals(a.links(page), b.links(page))) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(990);
    }

    @Test
    void everyPageHasExactlyOutDegreeLinksInRangeWithTreeChildrenFirst() {
        SiteGraph site = site(10_000, 20, 7);
        for (long page = 0; page < 10_000; page++) {
            long[] links = site.links(page);
            assertThat(links).hasSize(20);
            for (long target : links) {
                assertThat(site.contains(target)).as("target %d of page %d", target, page).isTrue();
            }
            for (int i = 0; i < 10 && page * 10 + 1 + i < 10_000; i++) {
                assertThat(links[i]).isEqualTo(page * 10 + 1 + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 20})
    void everyPageIsReachableFromTheRoot(int outDegree) {
        SiteGraph site = site(10_000, outDegree, 99);
        assertThat(reachable(site).cardinality()).isEqualTo(10_000);
    }

    @Test
    void outDegreeZeroIsOnlyForAOnePageSite() {
        SiteGraph site = site(1, 0, 1);
        assertThat(site.links(0)).isEmpty();
        assertThat(reachable(site).cardinality()).isEqualTo(1);
        // More pages with no links would leave pages unreachable: the spec refuses it.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> site(100, 0, 1))
                .hasMessageContaining("out-degree must be > 0");
    }

    @Test
    void aOnePageSiteLinksOnlyToItself() {
        SiteGraph site = site(1, 3, 1);
        assertThat(site.links(0)).containsExactly(0, 0, 0);
    }

    @Test
    void manyPagesLinkToTheSameTargets() {
        SiteGraph site = site(10_000, 20, 5);
        long total = 0;
        Set<Long> distinct = new HashSet<>();
        for (long page = 0; page < 10_000; page++) {
            for (long target : site.links(page)) {
                total++;
                distinct.add(target);
            }
        }
        assertThat(total).isEqualTo(200_000);
        assertThat(distinct.size()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void hostOfSplitsPagesByRemainder() {
        SiteGraph site = new SiteGraph(new SiteSpec(100, 4, 512), 1, 3);
        assertThat(site.hostOf(0)).isZero();
        assertThat(site.hostOf(4)).isEqualTo(1);
        assertThat(site.hostOf(98)).isEqualTo(2);
    }

    @Test
    void depthFollowsTheImplicitTree() {
        SiteGraph wide = site(10_000, 20, 1);
        assertThat(wide.depth(0)).isZero();
        assertThat(wide.depth(1)).isEqualTo(1);
        assertThat(wide.depth(10)).isEqualTo(1);
        assertThat(wide.depth(11)).isEqualTo(2);
        assertThat(wide.depth(110)).isEqualTo(2);
        assertThat(wide.depth(111)).isEqualTo(3);
        SiteGraph chain = site(60, 1, 1);
        assertThat(chain.depth(50)).isEqualTo(50);
    }

    @Test
    void depthOfATreeChildIsOneMoreThanItsParent() {
        SiteGraph site = site(10_000, 7, 3);
        for (long page = 0; page < 2_000; page++) {
            for (int i = 0; i < 3; i++) {
                long child = site.links(page)[i];
                assertThat(site.depth(child)).isEqualTo(site.depth(page) + 1);
            }
        }
    }

    @Test
    void pathsStayShortAlongAChainFiftyDeep() {
        SiteGraph chain = site(60, 1, 11);
        long page = 0;
        for (int depth = 0; depth < 50; depth++) {
            page = chain.links(page)[0];
        }
        assertThat(chain.depth(page)).isEqualTo(50);
        assertThat(SiteGraph.path(page)).hasSizeLessThan(20);
        assertThat(SiteGraph.path(Long.MAX_VALUE)).hasSizeLessThan(20);
    }

    @Test
    void rejectsPagesOutsideTheSite() {
        SiteGraph site = site(10, 2, 1);
        assertThatThrownBy(() -> site.links(10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> site.links(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(site.contains(9)).isTrue();
        assertThat(site.contains(10)).isFalse();
        assertThat(site.contains(-1)).isFalse();
    }

    @Test
    void treeChildrenOfTheLastPagesOfAHugeSiteDoNotOverflow() {
        SiteGraph site = site(Long.MAX_VALUE, 20, 1);
        for (long target : site.links(Long.MAX_VALUE - 1)) {
            assertThat(site.contains(target)).isTrue();
        }
        assertThat(site.links(Long.MAX_VALUE / 10 - 1)).startsWith(Long.MAX_VALUE / 10 * 10 - 9);
    }

    private static BitSet reachable(SiteGraph site) {
        BitSet seen = new BitSet();
        ArrayDeque<Long> queue = new ArrayDeque<>();
        seen.set(0);
        queue.add(0L);
        while (!queue.isEmpty()) {
            for (long target : site.links(queue.poll())) {
                if (!seen.get((int) target)) {
                    seen.set((int) target);
                    queue.add(target);
                }
            }
        }
        return seen;
    }
}
