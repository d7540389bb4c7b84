package io.goxhelix.allocation;

/**
 * Worker id to worker index, looked up once per partition. An open-addressing table rather than a
 * {@code HashMap<String, Integer>}: no boxing, no entry objects, and the reference comparison first
 * succeeds at once when the owner arrays share their strings with the worker list.
 */
final class IdIndex {

    private final String[] keys;
    private final int[] values;
    private final int mask;

    /** {@code ids} must be distinct; each maps to its position in the array. */
    IdIndex(String[] ids) {
        // At most half full, so a miss ends after a probe or two.
        int capacity = Integer.highestOneBit(Math.max(2, ids.length) * 2 - 1) << 1;
        keys = new String[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < ids.length; i++) {
            int slot = slot(ids[i]);
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = ids[i];
            values[slot] = i;
        }
    }

    /** The index of {@code id}, or -1 when it is not a known worker. */
    int find(String id) {
        for (int slot = slot(id); ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return -1;
            }
            if (key == id || key.equals(id)) {
                return values[slot];
            }
        }
    }

    private int slot(String id) {
        int hash = id.hashCode() * 0x9E3779B9;
        return (hash ^ (hash >>> 16)) & mask;
    }
}
