package dev.sluice.pipeline;

/** What an {@code http} stage passes on for an item: the URL asked, the status and the body's size. */
public record HttpResult(String url, int status, long bytes) {
}
