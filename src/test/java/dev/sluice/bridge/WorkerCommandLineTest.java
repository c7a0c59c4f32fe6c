package dev.sluice.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void aJarGetsAClassDataArchivePerSlotBesideIt() throws IOException {
        Path jar = Files.writeString(dir.resolve("sluice.jar"), "jar");
        Path older = Files.createFile(dir.resolve("sluice-worker-1-2-1000.jsa"));
        Path otherSlot = Files.createFile(dir.resolve("sluice-worker-0-2-1000.jsa"));
        List<String> command = WorkerCommandLine.jvmWorker(1, jar.toString());
        String archive = "sluice-worker-1-3-" + Files.getLastModifiedTime(jar).toMillis() + ".jsa";
        assertThat(command).contains("-Dsluice.worker=true", "-Xlog:disable", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + dir.resolve(archive));
        assertThat(older).as("an archive of an older build of the jar is removed").doesNotExist();
        assertThat(otherSlot).exists();
        assertThat(command.subList(command.size() - 4, command.size()))
                .containsExactly("-cp", jar.toString(), WorkerCommandLine.MAIN_CLASS, "worker");
    }

    @Test
    void classFoldersGetNoArchiveButStdoutStaysFreeOfJvmLogs() {
        List<String> command = WorkerCommandLine.jvmWorker(0, dir + ":" + dir.resolve("other"));
        assertThat(command).contains("-Xlog:disable", "-Xlog:all=warning:stderr")
                .noneMatch(word -> word.contains("SharedArchive"));
        assertThat(command.get(1)).as("the marker comes first").isEqualTo("-Dsluice.worker=true");
    }
}
