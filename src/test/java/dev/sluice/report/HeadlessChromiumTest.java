package dev.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless browser harness against real pages: a clean one, one whose script throws and which loads an image
 * from a local server, and one whose Content-Security-Policy blocks that image. Skipped without a Chromium, except
 * on CI (the {@code CI} variable set), which installs one: there it fails.
 */
@Timeout(120)
class HeadlessChromiumTest {

    private static final Duration LOAD = Duration.ofSeconds(30);

    private static HeadlessChromium chromium;

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger imageHits = new AtomicInteger();

    @BeforeAll
    static void startChromium() throws Exception {
        chromium = HeadlessChromium.startOrSkip();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** An HTTP server on 127.0.0.1 that answers every request with a 1x1 PNG, counting them. */
    @BeforeEach
    void startImageServer() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB), "png", png);
        byte[] body = png.toByteArray();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            imageHits.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopImageServer() {
        server.stop(0);
    }

    private String imageUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/x.png";
    }

    private Path page(String name, String html) throws Exception {
        return Files.writeString(dir.resolve(name), html);
    }

    @Test
    void aCleanPageDrawsOnItsCanvasWithoutErrorsOrRequests() throws Exception {
        Path file = page("clean.html", """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>before</title></head>
                <body><canvas id="c" width="40" height="30"></canvas>
                <script>
                  const ctx = document.getElementById('c').getContext('2d');
                  ctx.fillStyle = '#2a7';
                  ctx.fillRect(5, 5, 20, 10);
                  document.title = 'drawn';
                </script></body></html>
                """);

        HeadlessChromium.Page page = chromium.open(file, LOAD);

        assertThat(page.errors()).isEmpty();
        assertThat(page.requests()).containsExactly(file.toUri().toString());
        assertThat(page.evaluate("document.title").asText()).isEqualTo("drawn");
        assertThat(page.evaluate("""
                (() => {
                  const c = document.getElementById('c');
                  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let opaque = 0;
                  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) opaque++;
                  return opaque;
                })()""").asInt()).isEqualTo(20 * 10);
    }

    @Test
    void aThrowingScriptAndAnImageFromTheNetworkAreRecorded() throws Exception {
        Path file = page("throws.html", """
                <!doctype html>
                <html><head><meta charset="utf-8"></head>
                <body><img src="%s" alt="">
                <script>throw new Error('boom from the report');</script></body></html>
                """.formatted(imageUrl()));

        HeadlessChromium.Page page = chromium.open(file, LOAD);

        assertThat(page.errors()).anySatisfy(e -> assertThat(e).contains("boom from the report"));
        assertThat(page.requests()).contains(file.toUri().toString(), imageUrl());
        assertThat(imageHits).hasPositiveValue();
    }

    @Test
    void aContentSecurityPolicyViolationIsAnError() throws Exception {
        Path file = page("csp.html", """
                <!doctype html>
                <html><head><meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>
                <body><img src="%s" alt=""></body></html>
                """.formatted(imageUrl()));

        HeadlessChromium.Page page = chromium.open(file, LOAD);

        // Chromium reports the violation as a Log.entryAdded (source "security", level "error"), not on the console.
        assertThat(page.errors()).anySatisfy(e -> assertThat(e).contains("Content Security Policy", imageUrl()));
        assertThat(imageHits).hasValue(0);
    }
}
