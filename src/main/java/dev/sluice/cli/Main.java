package dev.sluice.cli;

import io.netty.util.ResourceLeakDetector;

/** The entry point of the {@code sluice} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Netty samples buffers for leak reports by default, which costs ~8% of a one-core HTTP client's
        // throughput (bench/client-throughput.sh). The test suite keeps it on; so can a user, with
        // -Dio.netty.leakDetection.level=simple in SLUICE_JAVA_OPTS.
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int code = SluiceCommand.execute(Console.system(), args);
        System.exit(code);
    }
}
