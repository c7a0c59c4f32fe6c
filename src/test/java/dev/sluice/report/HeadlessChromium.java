package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, for tests that open an HTML report in a real browser.
 * It speaks CDP over one WebSocket to the browser endpoint (the JDK's {@link WebSocket} and Jackson, nothing else):
 * each page is a target attached in flattened mode, so its events arrive on the same socket tagged with its session.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUIET_PERIOD = Duration.ofMillis(500);
    private static final Pattern DEVTOOLS_LINE = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path userDataDir;
    private final HttpClient http;
    private final WebSocket socket;
    private final Object sendLock = new Object();
    private final AtomicInteger lastId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Throwable socketFailure;

    private HeadlessChromium(Process process, Path userDataDir, HttpClient http, URI endpoint) throws Exception {
        this.process = process;
        this.userDataDir = userDataDir;
        this.http = http;
        this.socket = http.newWebSocketBuilder().connectTimeout(REPLY_TIMEOUT).buildAsync(endpoint, new Listener())
                .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * A browser for a test class: started when one is found; else the test is skipped, except on CI (the
     * {@code CI} variable set), which installs one, where a missing browser fails the test.
     */
    static HeadlessChromium startOrSkip() throws Exception {
        Optional<Path> binary = find();
        if (binary.isEmpty() && System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.fail(
                    "CI is set but no Chromium was found ($CHROMIUM, chromium, chromium-browser, google-chrome)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(binary.isPresent(),
                "no Chromium ($CHROMIUM, chromium, chromium-browser, google-chrome)");
        return start(binary.get());
    }

    /**
     * The browser binary: {@code $CHROMIUM} if set (a path, or a name looked up like the others), else the first of
     * {@code chromium}, {@code chromium-browser}, {@code google-chrome} on the {@code PATH} or in {@code /usr/bin}.
     * Empty when none is found, or when {@code $CHROMIUM} names nothing executable.
     */
    static Optional<Path> find() {
        String chosen = System.getenv("CHROMIUM");
        if (chosen != null && !chosen.isBlank()) {
            return chosen.contains(File.separator) ? Optional.of(Path.of(chosen)).filter(Files::isExecutable)
                    : onPath(chosen);
        }
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .map(HeadlessChromium::onPath).flatMap(Optional::stream).findFirst();
    }

    private static Optional<Path> onPath(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.add("/usr/bin");
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * Starts the browser headless on a fresh temporary profile with an ephemeral DevTools port, reads the
     * {@code DevTools listening on ws://...} line from its stderr (at most 30 s; the exception carries the stderr
     * seen so far if the line never comes) and connects to that endpoint. Stderr is drained for the browser's
     * whole life so that it never blocks on a full pipe.
     */
    static HeadlessChromium start(Path binary) throws Exception {
        Path userDataDir = Files.createTempDirectory("sluice-chromium-");
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--no-default-browser-check", "--remote-debugging-port=0",
                    "--user-data-dir=" + userDataDir, "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            deleteTree(userDataDir);
            throw e;
        }
        StringBuffer stderr = new StringBuffer();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread drain = new Thread(() -> drainStderr(process, stderr, endpoint), "chromium-stderr-" + process.pid());
        drain.setDaemon(true);
        drain.start();
        HttpClient http = null;
        try {
            String url;
            try {
                url = endpoint.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                String when = process.waitFor(2, TimeUnit.SECONDS) ? "before it exited with code " + process.exitValue()
                        : "within " + STARTUP_TIMEOUT.toSeconds() + " s";
                throw new IllegalStateException("Chromium (" + binary + ") printed no 'DevTools listening on ws://...' "
                        + "line " + when + "; its stderr so far:\n" + stderr, e);
            }
            http = HttpClient.newHttpClient();
            return new HeadlessChromium(process, userDataDir, http, URI.create(url));
        } catch (Exception | Error e) {
            if (http != null) {
                http.shutdownNow();
            }
            kill(process);
            deleteTree(userDataDir);
            throw e;
        }
    }

    /** Reads stderr line by line: keeps it until the DevTools line shows up, then only drains it. */
    private static void drainStderr(Process process, StringBuffer seen, CompletableFuture<String> endpoint) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (endpoint.isDone()) {
                    continue;
                }
                seen.append(line).append('\n');
                Matcher m = DEVTOOLS_LINE.matcher(line);
                if (m.find()) {
                    endpoint.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // The stream closes under us when the browser is killed.
        }
        endpoint.completeExceptionally(new IllegalStateException("Chromium closed its stderr"));
    }

    /**
     * Opens the file in a new page and waits for its load event (at most {@code timeout}), then for a quiet period of
     * 500 ms with no new network request so that late scripts run too (the quiet wait ends at {@code timeout} as
     * well, without failing). Everything the page requests and every error it reports from the moment it is
     * attached is recorded in the returned {@link Page}.
     */
    Page open(Path htmlFile, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String targetId = call(null, "Target.createTarget", params().put("url", "about:blank"))
                .path("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget", params().put("targetId", targetId).put("flatten", true))
                .path("sessionId").asText();
        Page page = new Page(sessionId);
        pages.put(sessionId, page);
        for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
            call(sessionId, domain + ".enable", params());
        }
        String url = htmlFile.toAbsolutePath().toUri().toString();
        JsonNode navigated = call(sessionId, "Page.navigate", params().put("url", url));
        if (navigated.hasNonNull("errorText")) {
            throw new IllegalStateException("Page.navigate to " + url + " failed: "
                    + navigated.get("errorText").asText());
        }
        try {
            page.loaded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("No load event from " + url + " within " + timeout.toMillis() + " ms");
        }
        while (true) {
            long idle = System.nanoTime() - page.lastActivity;
            long left = deadline - System.nanoTime();
            if (idle >= QUIET_PERIOD.toNanos() || left <= 0) {
                return page;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(QUIET_PERIOD.toNanos() - idle, left));
        }
    }

    /**
     * Kills the browser and its child processes, drops the socket and deletes the temporary profile. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        kill(process);
        socket.abort();
        http.shutdownNow();
        failReplies(new IllegalStateException("the browser was closed"));
        deleteTree(userDataDir);
    }

    private static void kill(Process process) {
        // Collect the children first: once the browser is gone they are reparented and no longer its descendants.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        Stream.concat(Stream.of(process.toHandle()), children.stream()).forEach(p -> {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Left to the OS; nothing more a test can do.
            }
        });
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a temporary directory left behind is not worth failing a test over.
        }
    }

    private static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Sends one command (to the browser when {@code sessionId} is null) and waits at most 30 s for its result. */
    private JsonNode call(String sessionId, String method, ObjectNode params) throws Exception {
        int id = lastId.incrementAndGet();
        ObjectNode message = params().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        try {
            if (closed.get()) {
                throw new IllegalStateException("the browser is closed");
            }
            if (socketFailure != null) {
                throw new IllegalStateException("the DevTools socket is closed", socketFailure);
            }
            synchronized (sendLock) {
                // The JDK's WebSocket allows one outstanding send at a time.
                socket.sendText(JSON.writeValueAsString(message), true)
                        .get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode answer = reply.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException("CDP " + method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (TimeoutException e) {
            throw new TimeoutException("CDP " + method + " got no reply within " + REPLY_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException("CDP " + method + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            replies.remove(id);
        }
    }

    private void failReplies(Throwable why) {
        replies.values().forEach(r -> r.completeExceptionally(why));
    }

    /** Routes a whole message: a reply to its waiting call, an event to its page. */
    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.get(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
        } else if (message.has("sessionId")) {
            Page page = pages.get(message.get("sessionId").asText());
            if (page != null) {
                page.onEvent(message.path("method").asText(), message.path("params"));
            }
        }
    }

    /** Receives the socket's messages, joining the fragments of a long one. Its callbacks are never concurrent. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            socketFailure = new IllegalStateException("the DevTools socket closed: " + statusCode + " " + reason);
            failReplies(socketFailure);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            socketFailure = error;
            failReplies(error);
        }
    }

    /** One opened page: what it requested and what went wrong in it. */
    final class Page {
        private final String sessionId;
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<Void> loaded = new CompletableFuture<>();
        private volatile boolean navigated;
        private volatile long lastActivity = System.nanoTime();

        private Page(String sessionId) {
            this.sessionId = sessionId;
        }

        /** The URLs the page requested, in order, its own {@code file://} one first. */
        List<String> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        /**
         * Its uncaught exceptions, console errors and failed assertions, and the browser's error log entries about it
         * (failed loads, Content-Security-Policy violations), in order, one line each.
         */
        List<String> errors() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        /**
         * Evaluates the expression in the page (a promise is awaited) and returns its value, a missing node when it
         * is {@code undefined}; throws with the exception's text if it threw. Waits at most 30 s.
         */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call(sessionId, "Runtime.evaluate",
                    params().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("evaluating " + expression + " threw: "
                        + exceptionText(result.get("exceptionDetails")));
            }
            return result.path("result").path("value");
        }

        private void onEvent(String method, JsonNode params) {
            switch (method) {
                case "Page.frameNavigated" -> {
                    // The load event of the about:blank the page was created with is not the one waited for.
                    if (!params.path("frame").has("parentId") && !params.path("frame").path("url").asText()
                            .equals("about:blank")) {
                        navigated = true;
                    }
                }
                case "Page.loadEventFired" -> {
                    if (navigated) {
                        lastActivity = System.nanoTime();
                        loaded.complete(null);
                    }
                }
                case "Network.requestWillBeSent" -> {
                    lastActivity = System.nanoTime();
                    requests.add(params.path("request").path("url").asText());
                }
                case "Runtime.exceptionThrown" ->
                        errors.add("exception: " + exceptionText(params.path("exceptionDetails")));
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        List<String> args = new ArrayList<>();
                        params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                                : a.path("description").asText(a.path("type").asText())));
                        errors.add("console." + type + ": " + String.join(" ", args));
                    }
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    if (entry.path("level").asText().equals("error")) {
                        errors.add("log (" + entry.path("source").asText() + "): " + entry.path("text").asText()
                                + (entry.hasNonNull("url") ? " [" + entry.get("url").asText() + "]" : ""));
                    }
                }
                default -> {
                }
            }
        }

        /** "Uncaught Error: boom at file:///...:3:13", from an exception's details, on one line. */
        private static String exceptionText(JsonNode details) {
            String description = details.path("exception").path("description").asText("");
            String text = details.path("text").asText();
            String firstLine = description.lines().findFirst().orElse("");
            String what = firstLine.isEmpty() || text.contains(firstLine) ? text : text + " " + firstLine;
            if (details.hasNonNull("url")) {
                what += " at " + details.get("url").asText() + ":" + (details.path("lineNumber").asInt() + 1) + ":"
                        + (details.path("columnNumber").asInt() + 1);
            }
            return what;
        }
    }
}
