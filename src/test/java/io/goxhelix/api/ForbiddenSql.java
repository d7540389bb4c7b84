package io.goxhelix.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Not used: a deliberate breach for {@code ArchitectureTest}, which shows that its store rule
 * catches it. The HTTP edge may use Vert.x, but SQL is the store's alone.
 */
final class ForbiddenSql {

    private ForbiddenSql() {}

    static Uni<Integer> count(Pool pool) {
        return pool.query("SELECT 1").execute().map(rows -> rows.size());
    }
}
