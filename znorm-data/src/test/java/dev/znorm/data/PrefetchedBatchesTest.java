package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prefetching changes when a batch is made, never what it holds: whatever the order of requests (a
 * whole epoch, a resume in the middle, a jump to another epoch), every batch equals the wrapped
 * source's bit for bit, and the next one was indeed made ahead.
 */
class PrefetchedBatchesTest {

    /** Counts the batches it makes and on which thread. */
    private static final class Counting implements BatchSource {
        final Batches inner;
        final List<String> made = new ArrayList<>();

        Counting(Batches inner) {
            this.inner = inner;
        }

        @Override
        public int batchesPerEpoch() {
            return inner.batchesPerEpoch();
        }

        @Override
        public int[] order(int epoch) {
            return inner.order(epoch);
        }

        @Override
        public synchronized HostBatch prepare(int[] order, int epoch, int index) {
            made.add(epoch + "/" + index + "@" + Thread.currentThread().getName());
            return inner.prepare(order, epoch, index);
        }
    }

    private static Batches batches() {
        ImageSet set = CifarBinaryTest.random(70, 4);
        return new Batches(set, 16, 3, true, Augmentation.CIFAR, Normalization.of(set));
    }

    private static void assertSame(HostBatch want, HostBatch got, String what) {
        assertArrayEquals(want.inputs(), got.inputs(), what + " inputs");
        assertArrayEquals(want.labels(), got.labels(), what + " labels");
        assertEquals(want.inputShape(), got.inputShape(), what);
    }

    @Test
    void everyBatchIsTheSourcesOwnInAnyOrderOfRequests() {
        Batches direct = batches();
        Counting counting = new Counting(batches());
        try (PrefetchedBatches pre = new PrefetchedBatches(counting)) {
            int[][] requests = {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 2}, {1, 3}, {3, 0}};
            int[] order = null;
            int orderEpoch = -1;
            for (int[] r : requests) {
                if (r[0] != orderEpoch) {
                    order = pre.order(r[0]);
                    orderEpoch = r[0];
                }
                assertSame(
                        direct.prepare(direct.order(r[0]), r[0], r[1]),
                        pre.prepare(order, r[0], r[1]),
                        "epoch " + r[0] + " batch " + r[1]);
            }
        }
        // batches 1-4 of epoch 0 and batch 3 of epoch 1 were made ahead, on the background thread
        long ahead = counting.made.stream().filter(s -> s.contains("prefetch")).count();
        assertTrue(ahead >= 5, counting.made.toString());
        assertTrue(counting.made.contains("0/1@znorm-batch-prefetch"), counting.made.toString());
        assertTrue(counting.made.contains("1/2@main"), "a resume is made on the spot");
    }

    @Test
    void withoutASpareCoreEveryBatchIsMadeOnTheCallersThread() {
        Batches direct = batches();
        Counting counting = new Counting(batches());
        int cores = Runtime.getRuntime().availableProcessors();
        try (PrefetchedBatches none = PrefetchedBatches.ifSpareCore(counting, cores);
                PrefetchedBatches spare = PrefetchedBatches.ifSpareCore(counting, cores - 1)) {
            assertTrue(!none.isAhead() && spare.isAhead());
            int[] order = none.order(0);
            for (int i = 0; i < 3; i++) {
                assertSame(
                        direct.prepare(direct.order(0), 0, i), none.prepare(order, 0, i), "" + i);
            }
        }
        assertTrue(
                counting.made.stream().noneMatch(s -> s.contains("prefetch")),
                counting.made.toString());
    }

    @Test
    void aFailureOnTheBackgroundThreadReachesTheCaller() {
        BatchSource failing =
                new BatchSource() {
                    @Override
                    public int batchesPerEpoch() {
                        return 3;
                    }

                    @Override
                    public int[] order(int epoch) {
                        return new int[] {0, 1, 2};
                    }

                    @Override
                    public HostBatch prepare(int[] order, int epoch, int index) {
                        if (index == 1) {
                            throw new BadDataException(
                                    java.nio.file.Path.of("cifar.bin"), "image 7 truncated");
                        }
                        return batches().prepare(batches().order(0), 0, 0);
                    }
                };
        try (PrefetchedBatches pre = new PrefetchedBatches(failing)) {
            int[] order = pre.order(0);
            pre.prepare(order, 0, 0);
            BadDataException e =
                    assertThrows(BadDataException.class, () -> pre.prepare(order, 0, 1));
            assertTrue(e.getMessage().contains("image 7 truncated"), e.getMessage());
        }
    }
}
