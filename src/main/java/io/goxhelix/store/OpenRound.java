package io.goxhelix.store;

import io.goxhelix.coordination.DomainState;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * A round's open transaction after {@link RoundStore#load}: the term row is locked, so no other term
 * can write until it ends, and {@link #state()} is what the round decides on. It ends with {@link
 * RoundStore#commit} or {@link RoundStore#rollback}; the connection stays inside the store.
 */
public final class OpenRound {

    private final DomainState state;
    private final boolean partitionsRead;
    private final long term;
    final SqlConnection connection;
    final Transaction tx;

    OpenRound(DomainState state, boolean partitionsRead, long term, SqlConnection connection, Transaction tx) {
        this.state = state;
        this.partitionsRead = partitionsRead;
        this.term = term;
        this.connection = connection;
        this.tx = tx;
    }

    public String domain() {
        return state.domain();
    }

    public DomainState state() {
        return state;
    }

    /** True if the partition rows were read (and locked) now, false if they came from the term's copy. */
    public boolean partitionsRead() {
        return partitionsRead;
    }

    /** The term the round checked and writes under. */
    public long term() {
        return term;
    }
}
