package dev.sluice.crawl;

/**
 * One page as the crawl's link stage passes it on to the sink: where it was, how deep, how it was
 * answered, how many links it held and how many of them the frontier admitted.
 */
public record CrawledPage(String url, int depth, int status, long bytes, int links, int admitted) {

    @Override
    public String toString() {
        return url + " " + status + " depth " + depth + " links " + links + " admitted " + admitted;
    }
}
