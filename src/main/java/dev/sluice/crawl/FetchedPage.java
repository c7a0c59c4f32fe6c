package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * What the fetch stage brought back for one target: the final status and bytes read, and the body to
 * extract links from ({@code null} when it is not HTML of an allowed type, was too large, or the answer was
 * no success). {@code location} is a redirect's target, followed as a link.
 */
public record FetchedPage(CrawlTarget target, int status, long bytes, byte @Nullable [] body, Charset charset,
        @Nullable String location) {

    public FetchedPage {
        requireNonNull(target, "target");
        requireNonNull(charset, "charset");
    }
}
