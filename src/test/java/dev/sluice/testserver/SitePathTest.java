package dev.sluice.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Page paths: base 36 under /site/, and back. */
class SitePathTest {

    @Test
    void writesIdsInBase36() {
        assertThat(SiteGraph.path(0)).isEqualTo("/site/0");
        assertThat(SiteGraph.path(1)).isEqualTo("/site/1");
        assertThat(SiteGraph.path(35)).isEqualTo("/site/z");
        assertThat(SiteGraph.path(36)).isEqualTo("/site/10");
        assertThat(SiteGraph.path(71)).isEqualTo("/site/1z");
        assertThat(SiteGraph.path(Long.MAX_VALUE)).isEqualTo("/site/1y2p0ij32e8e7");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 35, 36, 71, 1295, 1296, 99_999, 4_000_000_000L, Long.MAX_VALUE / 36, Long.MAX_VALUE - 1,
        Long.MAX_VALUE})
    void pageOfReadsBackWhatPathWrites(long page) {
        assertThat(SiteGraph.pageOf(SiteGraph.path(page))).isEqualTo(page);
    }

    @Test
    void theSiteRootMeansPageZero() {
        assertThat(SiteGraph.pageOf("/site")).isZero();
        assertThat(SiteGraph.pageOf("/site/")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/site/!!", "/other/1", "/site/1/2", "/site/1/", "/sites/1", "/site1", "/site/-1", "/site/1Z",
        "/site/01", "/site/00", "/site/ 1", "site/1", "", "/", "/site/1y2p0ij32e8e8", "/site/zzzzzzzzzzzzz",
        "/site/10000000000000"})
    void malformedPathsMeanNoPage(String path) {
        assertThat(SiteGraph.pageOf(path)).isEqualTo(-1);
    }

    @Test
    void rejectsNegativeIds() {
        assertThatThrownBy(() -> SiteGraph.path(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
