package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

/** A URL the frontier admitted (normalised) and its depth: the seeds are depth 0, their links 1, and so on. */
public record CrawlTarget(String url, int depth) {

    public CrawlTarget {
        requireNonNull(url, "url");
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, but was " + depth);
        }
    }

    /** The URL: what {@code ${item}} stands for and what a sink writes. */
    @Override
    public String toString() {
        return url;
    }
}
