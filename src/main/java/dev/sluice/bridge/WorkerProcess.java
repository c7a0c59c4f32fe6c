package dev.sluice.bridge;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One live worker process and its three streams, each served by a thread of its own: a writer that
 * sends whatever waits in the outbox as one frame (up to a batch), a reader that parses answers, and a
 * pump that passes stderr on with the worker's name. It keeps no item bookkeeping: the pool does.
 */
final class WorkerProcess {

    /** What the pool hears from a worker; called on the worker's reader thread. */
    interface Listener {
        void onResults(WorkerProcess worker, List<Object[]> results);

        void onExit(WorkerProcess worker, String why);

        void onBye(WorkerProcess worker, double cpuSeconds);
    }

    private static final Object SHUTDOWN = new Object();
    private static final int STDERR_LINES_KEPT = 20;

    final int slot;
    final String stage;
    private final int batch;
    private final Listener listener;
    private final PrintStream log;
    private final Process process;
    private final long startNanos = System.nanoTime();
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final Deque<String> lastStderr = new ArrayDeque<>();
    private volatile long readyNanos;
    private volatile double cpuSeconds;
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicLong framesSent = new java.util.concurrent.atomic.AtomicLong();

    // Guarded by the pool.
    int held;
    long lastHeardNanos;
    final Map<Long, Pending> inFlight = new java.util.LinkedHashMap<>();
    boolean dead;
    /** Killed by the pool for answering nothing while it held items. */
    boolean hung;
    /** Its measured time per item (a moving average), 0 before its first answer. */
    long itemNanos;
    /** Holds one suspect item and gets nothing more until it answers. */
    boolean isolating;

    private WorkerProcess(int slot, String stage, int batch, Process process, Listener listener, PrintStream log) {
        this.slot = slot;
        this.stage = stage;
        this.batch = batch;
        this.process = process;
        this.listener = listener;
        this.log = log;
    }

    /**
     * Starts the command (on the calling thread, which the kernel treats as the worker's parent for
     * {@code --pdeathsig}) and sends {@code init}; {@link #awaitReady} waits for its answer.
     */
    static WorkerProcess start(List<String> command, int slot, String stage, Map<String, Object> work,
            Map<String, Object> init, int batch, Listener listener, PrintStream log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Process process = builder.start();
        Orphans.track(process);
        WorkerProcess w = new WorkerProcess(slot, stage, batch, process, listener, log);
        try {
            Frames.writeInit(w.stdin(), slot, stage, work, init);
            w.stdin().flush();
        } catch (IOException e) {
            // It exited already (a broken pipe): the reader reports how, with its stderr.
        }
        w.thread("out", w::readLoop);
        w.thread("err", w::stderrLoop);
        return w;
    }

    private @Nullable OutputStream stdin;

    private OutputStream stdin() {
        if (stdin == null) {
            stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        }
        return stdin;
    }

    private void thread(String stream, Runnable body) {
        Thread t = new Thread(body, "sluice-" + stage + "-worker-" + slot + "-" + stream);
        t.setDaemon(true);
        t.start();
    }

    /** Waits for {@code ready}; a failure message (exit, fatal, timeout) names the cause and the stderr. */
    void awaitReady(Duration timeout) throws WorkerStartException {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            readyNanos = System.nanoTime();
            thread("in", this::writeLoop);
        } catch (java.util.concurrent.TimeoutException e) {
            kill();
            throw new WorkerStartException("sent no 'ready' within " + dev.sluice.profile.Units.format(timeout)
                    + " (start-timeout)" + stderrTail());
        } catch (java.util.concurrent.ExecutionException e) {
            kill();
            throw new WorkerStartException(e.getCause().getMessage() + stderrTail());
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new WorkerStartException("interrupted while it started");
        }
    }

    long pid() {
        return process.pid();
    }

    /** From spawn to {@code ready}, in ms; -1 before it was ready. */
    double startupMillis() {
        return readyNanos == 0 ? -1 : (readyNanos - startNanos) / 1e6;
    }

    /** Queues an item for the writer (the pool has counted it as held). */
    void send(Pending p) {
        outbox.add(p);
    }

    void cancel(List<Long> ids) {
        outbox.add(Map.of("op", "cancel", "ids", ids));
    }

    /** Asks it to finish: a {@code shutdown} frame, then its stdin closes. */
    void shutdown() {
        stopping = true;
        outbox.add(SHUTDOWN);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean waitFor(long nanos) throws InterruptedException {
        return process.waitFor(nanos, TimeUnit.NANOSECONDS);
    }

    /** SIGKILL, no questions asked (a hung worker, the end of a run). */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM: a chance to clean up. */
    void terminate() {
        process.destroy();
    }

    /** Its CPU time as last seen: from its {@code bye}, or read from the operating system while it ran. */
    double cpuSeconds() {
        return cpuSeconds;
    }

    /** Reads its CPU time from the operating system now (no-op once it is gone). */
    void sampleCpu() {
        process.toHandle().info().totalCpuDuration()
                .ifPresent(d -> cpuSeconds = Math.max(cpuSeconds, d.toNanos() / 1e9));
    }

    /** Items frames written so far. */
    long framesSent() {
        return framesSent.get();
    }

    String describe() {
        return "worker " + slot + " (pid " + process.pid() + ")";
    }

    private void writeLoop() {
        List<Pending> frame = new ArrayList<>(batch);
        OutputStream out = stdin();
        try {
            while (true) {
                Object first = outbox.take();
                if (first == SHUTDOWN) {
                    Frames.write(out, Map.of("op", "shutdown"));
                    out.close();
                    return;
                }
                if (first instanceof Map<?, ?> control) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> c = (Map<String, ?>) control;
                    Frames.write(out, c);
                    out.flush();
                    continue;
                }
                frame.add((Pending) first);
                // Whatever else is waiting goes in the same frame: batching without waiting for more.
                while (frame.size() < batch && outbox.peek() instanceof Pending) {
                    frame.add((Pending) outbox.poll());
                }
                Frames.writeItems(out, frame);
                framesSent.incrementAndGet();
                frame.clear();
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // Its stdin is closed: it died or is dying, which the reader reports.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        String why = "closed its stdout";
        try (InputStream in = process.getInputStream()) {
            LineReader lines = new LineReader(in, Frames.MAX_FRAME_BYTES);
            while (lines.next()) {
                Map<String, Object> frame;
                try {
                    frame = Frames.parse(lines.buffer(), lines.length());
                } catch (IOException e) {
                    warn("a line on stdout that is not a frame (stdout is for frames; log to stderr): "
                            + lines.preview());
                    continue;
                }
                Object op = frame.get("op");
                if ("results".equals(op)) {
                    listener.onResults(this, results(frame.get("results")));
                } else if ("ready".equals(op)) {
                    ready.complete(process.pid());
                } else if ("fatal".equals(op)) {
                    why = "reported a fatal error: " + frame.get("error");
                    ready.completeExceptionally(new IOException(why));
                } else if ("bye".equals(op)) {
                    if (frame.get("cpu_seconds") instanceof Number n) {
                        cpuSeconds = Math.max(cpuSeconds, n.doubleValue());
                    }
                    listener.onBye(this, cpuSeconds);
                } else {
                    warn("a frame with an unknown op: " + lines.preview());
                }
            }
        } catch (IOException e) {
            why = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        String status = exitStatus();
        String reason = why.startsWith("reported") ? why + " (" + status + ")" : status;
        ready.completeExceptionally(new IOException("exited before it was ready: " + reason));
        listener.onExit(this, reason);
    }

    /** How it ended: waits briefly for the exit, killing it if it closed stdout but lives on. */
    private String exitStatus() {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            return "still running after it closed stdout";
        }
        int code = process.exitValue();
        if (code > 128 && code < 160) {
            return "killed by signal " + (code - 128) + signalName(code - 128) + ", exit status " + code;
        }
        return "exit status " + code;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> " (SIGKILL)";
            case 15 -> " (SIGTERM)";
            case 11 -> " (SIGSEGV)";
            case 6 -> " (SIGABRT)";
            case 2 -> " (SIGINT)";
            default -> "";
        };
    }

    private static List<Object[]> results(@Nullable Object list) throws IOException {
        if (!(list instanceof List<?> items)) {
            throw new IOException("a results frame without a 'results' list");
        }
        List<Object[]> out = new ArrayList<>(items.size());
        for (Object o : items) {
            if (!(o instanceof List<?> r) || r.size() != 3 || !(r.get(0) instanceof Number id)
                    || !(r.get(1) instanceof Boolean ok)) {
                throw new IOException("a result that is not [id, true|false, value]: " + o);
            }
            out.add(new Object[] {id.longValue(), ok, r.get(2)});
        }
        return out;
    }

    private void stderrLoop() {
        String prefix = "[" + stage + " worker " + slot + " pid " + process.pid() + "] ";
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (lastStderr) {
                    lastStderr.addLast(line);
                    if (lastStderr.size() > STDERR_LINES_KEPT) {
                        lastStderr.removeFirst();
                    }
                }
                log.println(prefix + line);
            }
        } catch (IOException e) {
            // The worker is gone.
        }
    }

    private void warn(String message) {
        log.println("[" + stage + " worker " + slot + " pid " + process.pid() + "] protocol: " + message);
    }

    /** The last lines it wrote to stderr, for an error message ("" when none). */
    String stderrTail() {
        try {
            // Give a dying process a moment to end, and the pump a moment to read what it wrote last.
            process.waitFor(200, TimeUnit.MILLISECONDS);
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lastStderr) {
            if (lastStderr.isEmpty()) {
                return "";
            }
            return "; its stderr ended with: " + String.join(" | ", lastStderr);
        }
    }

    boolean stopping() {
        return stopping;
    }
}
