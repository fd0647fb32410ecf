package dev.znorm.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Deterministic mini-batches: an order per epoch and any batch of it, drawn from a seed. */
public interface BatchSource {

    /** Batches per epoch; the last one may be smaller. */
    int batchesPerEpoch();

    /** The sample order of {@code epoch}. */
    int[] order(int epoch);

    /**
     * Batch {@code index} of {@code epoch}, given that epoch's {@link #order}, assembled in Java
     * memory. Safe to call from any thread (the data are read-only once loaded).
     */
    HostBatch prepare(int[] order, int epoch, int index);

    /**
     * Batch {@code index} of {@code epoch}, given that epoch's {@link #order}, as (inputs,
     * targets).
     */
    default NDList batch(int[] order, int epoch, int index, NDManager manager) {
        return prepare(order, epoch, index).toNDList(manager);
    }
}
