package dev.sluice.crawl;

/** Why a link found on a page (or a fetched page) did not become a crawled page; counted under {@code crawl.filtered}. */
public enum FilterReason {
    /** Seen before: its normalised URL was admitted already. */
    DUPLICATE("duplicate"),
    /** Not a URL the crawl can fetch (unparseable, or not http/https). */
    INVALID("invalid"),
    /** On a host the crawl does not go to (same-host, allow-hosts, or not on loopback). */
    OFF_HOST("off-host"),
    /** Deeper than max-depth. */
    TOO_DEEP("too-deep"),
    /** Disallowed by the host's robots.txt. */
    ROBOTS("robots"),
    /** Found after max-pages URLs were admitted. */
    OVER_MAX_PAGES("over-max-pages"),
    /** A page whose content type is not in content-types: fetched, its links not read. */
    CONTENT_TYPE("content-type"),
    /** A page larger than max-page-size: its download was cut and its links not read. */
    TOO_LARGE("too-large");

    private final String label;

    FilterReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
