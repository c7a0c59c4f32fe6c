package dev.sluice.report;

/**
 * What became of the items: every emitted item is ok, failed or dropped. {@code aborted} is the part
 * of {@code failed} that was still in flight when the run stopped early (Ctrl-C or a run error).
 */
public record ItemCounts(long emitted, long ok, long failed, long dropped, long aborted) {

    public ItemCounts {
        if (emitted != ok + failed + dropped) {
            throw new IllegalArgumentException("items do not add up: emitted " + emitted + " != ok " + ok
                    + " + failed " + failed + " + dropped " + dropped);
        }
        if (aborted > failed) {
            throw new IllegalArgumentException("aborted " + aborted + " > failed " + failed);
        }
    }
}
