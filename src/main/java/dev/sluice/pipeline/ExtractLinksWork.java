package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.crawl.Crawl;
import dev.sluice.crawl.CrawledPage;
import dev.sluice.crawl.FetchedPage;
import dev.sluice.crawl.LinkExtractor;
import java.net.URI;
import java.util.List;

/**
 * A crawl's link stage: parses the fetched page's links (a redirect's Location counts as its one link),
 * admits the new ones to the crawl's frontier, wakes the frontier's source, and passes a summary of the
 * page on, without its body.
 */
final class ExtractLinksWork implements StageLogic.Sync {

    private final Crawl crawl;
    private final CrawlSource source;
    private final LinkExtractor extractor = new LinkExtractor();

    ExtractLinksWork(Crawl crawl, CrawlSource source) {
        this.crawl = requireNonNull(crawl, "crawl");
        this.source = requireNonNull(source, "source");
    }

    @Override
    public Object apply(Object value) {
        FetchedPage page = (FetchedPage) value;
        String url = page.target().url();
        List<String> links;
        byte[] body = page.body();
        if (body != null) {
            links = extractor.links(body, page.charset(), URI.create(url));
        } else if (page.location() != null) {
            links = List.of(URI.create(url).resolve(page.location().strip()).toString());
        } else {
            links = List.of();
        }
        crawl.stats().page(page.target().depth(), page.status(), page.bytes());
        int admitted = crawl.admitLinks(page.target(), links);
        if (admitted > 0) {
            source.admitted();
        }
        return new CrawledPage(url, page.target().depth(), page.status(), page.bytes(), links.size(), admitted);
    }
}
