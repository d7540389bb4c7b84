package io.goxhelix.coordinator;

/** The steps of a round, each timed on its own (metric {@code gox.round.phase.duration}). */
enum RoundPhase {
    /** Begin, check the term under its row lock, read workers, queues and (unless copied) partitions. */
    LOAD,
    /** The pure decision, the copy of what was read, and the domain's gauges. */
    DECIDE,
    /** Partition rows, checked worker versions and change-feed entries. */
    WRITE,
    COMMIT,
    /** This instance's streams get the new snapshots. */
    PUSH;

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
