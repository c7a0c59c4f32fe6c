/**
 * Crawling: the frontier a crawl's fetch stage takes its URLs from, exact dedup of the URLs it has
 * admitted, link extraction and URL normalisation, robots.txt rules, and per-host politeness limits.
 */
@NullMarked
package dev.sluice.crawl;

import org.jspecify.annotations.NullMarked;
