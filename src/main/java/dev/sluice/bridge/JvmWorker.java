package dev.sluice.bridge;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * sluice's own worker ({@code sluice worker}): the protocol's worker side in the JVM. The first frame
 * sets up the stage's logic once (the per-process state: one HTTP client per process); then items are
 * worked through one at a time, in the order they came, and answered in batches whenever nothing more
 * is waiting. A reader thread takes frames off stdin as they come, so a {@code cancel} is seen while
 * an item runs, and the end of stdin ends the process at once.
 */
public final class JvmWorker {

    /** One stage's work on one item, set up from the {@code work} of the init frame. */
    @FunctionalInterface
    public interface ItemWork {
        Object apply(Object value) throws Exception;
    }

    /** Builds the work from the init frame's {@code work} and {@code init}; throws to refuse (a fatal). */
    @FunctionalInterface
    public interface Setup {
        ItemWork create(Map<String, Object> work, Map<String, Object> init) throws Exception;
    }

    private static final int MAX_RESULTS_PER_FRAME = 256;
    private static final long FLUSH_EVERY_NANOS = 10_000_000;
    private static final Object SHUTDOWN = new Object();

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();

    private JvmWorker() {
    }

    /** Runs the worker until {@code shutdown} (0) or a refused init (2). End of stdin exits the JVM with 0. */
    public static int run(InputStream stdin, OutputStream stdout, PrintStream stderr, Setup setup) {
        return new JvmWorker().loop(stdin, new BufferedOutputStream(stdout, 1 << 16), stderr, setup);
    }

    private int loop(InputStream stdin, OutputStream out, PrintStream err, Setup setup) {
        LineReader lines = new LineReader(stdin, Frames.MAX_FRAME_BYTES);
        ItemWork work;
        try {
            if (!lines.next()) {
                return 0;
            }
            Map<String, Object> init = Frames.parse(lines.buffer(), lines.length());
            if (!"init".equals(init.get("op"))) {
                return fatal(out, "the first frame must be 'init', but was " + init.get("op"));
            }
            if (!(init.get("protocol") instanceof Number p) || p.intValue() != Frames.PROTOCOL) {
                return fatal(out, "this worker speaks protocol " + Frames.PROTOCOL + ", but was asked for "
                        + init.get("protocol"));
            }
            try {
                work = setup.create(map(init.get("work")), map(init.get("init")));
            } catch (Exception e) {
                return fatal(out, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            Frames.write(out, Map.of("op", "ready", "pid", ProcessHandle.current().pid()));
            out.flush();
        } catch (IOException e) {
            err.println("sluice worker: " + e.getMessage());
            return 2;
        }
        Thread reader = new Thread(() -> readLoop(lines, err), "sluice-worker-stdin");
        reader.setDaemon(true);
        reader.start();
        try {
            return workLoop(out, work);
        } catch (IOException e) {
            return 0; // stdout closed: sluice is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int workLoop(OutputStream out, ItemWork work) throws IOException, InterruptedException {
        List<Object[]> results = new ArrayList<>(MAX_RESULTS_PER_FRAME);
        long lastFlush = System.nanoTime();
        while (true) {
            Object next = inbox.take();
            if (next == SHUTDOWN) {
                flush(out, results);
                double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime() / 1e9;
                Frames.write(out, Map.of("op", "bye", "cpu_seconds", cpu));
                out.flush();
                return 0;
            }
            Object[] item = (Object[]) next;
            long id = (Long) item[0];
            if (cancelled.remove(id)) {
                continue;
            }
            try {
                results.add(new Object[] {id, true, work.apply(item[1])});
            } catch (Exception e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                results.add(new Object[] {id, false, message});
            }
            // Answer when nothing more waits, every 256 results, and at least every 10 ms: answers do
            // not sit here while a slow item runs (sluice would see silence, and blame the wrong item).
            long now = System.nanoTime();
            if (results.size() >= MAX_RESULTS_PER_FRAME || inbox.isEmpty() || now - lastFlush >= FLUSH_EVERY_NANOS) {
                flush(out, results);
                lastFlush = now;
            }
        }
    }

    private static void flush(OutputStream out, List<Object[]> results) throws IOException {
        if (!results.isEmpty()) {
            Frames.writeResults(out, results);
            results.clear();
        }
        out.flush();
    }

    private void readLoop(LineReader lines, PrintStream err) {
        try {
            while (lines.next()) {
                Map<String, Object> frame;
                try {
                    frame = Frames.parse(lines.buffer(), lines.length());
                } catch (IOException e) {
                    err.println("sluice worker: ignoring a line that is not a frame: " + lines.preview());
                    continue;
                }
                switch (String.valueOf(frame.get("op"))) {
                    case "items" -> {
                        if (frame.get("items") instanceof List<?> items) {
                            for (Object o : items) {
                                if (o instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number id) {
                                    inbox.add(new Object[] {id.longValue(), pair.get(1)});
                                }
                            }
                        }
                    }
                    case "cancel" -> {
                        if (frame.get("ids") instanceof List<?> ids) {
                            ids.forEach(id -> {
                                if (id instanceof Number n) {
                                    cancelled.add(n.longValue());
                                }
                            });
                        }
                    }
                    case "shutdown" -> {
                        inbox.add(SHUTDOWN);
                        return;
                    }
                    default -> err.println("sluice worker: ignoring a frame with op " + frame.get("op"));
                }
            }
        } catch (IOException e) {
            err.println("sluice worker: " + e.getMessage());
        }
        // End of stdin: sluice is gone or gave up on us. Exit now, even in the middle of an item.
        Runtime.getRuntime().halt(0);
    }

    private static int fatal(OutputStream out, String error) throws IOException {
        Frames.write(out, Map.of("op", "fatal", "error", error));
        out.flush();
        return 2;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
