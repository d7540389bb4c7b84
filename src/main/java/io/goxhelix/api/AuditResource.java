package io.goxhelix.api;

import io.goxhelix.access.Action;
import io.goxhelix.store.AuditEntry;
import io.goxhelix.store.AuditStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The audit trail (operators only), oldest first, in pages: {@code after} the last {@code seq} a
 * reader has, at most {@code limit} entries.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditStore audit;
    private final Guard guard;

    AuditResource(AuditStore audit, Guard guard) {
        this.audit = audit;
        this.guard = guard;
    }

    @GET
    public Uni<List<AuditEntry>> read(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        return guard.requireAdmin(Action.AUDIT_READ, null, "audit").flatMap(caller -> {
            int n = (int) number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
            long from = number("after", after, 0, 0, Long.MAX_VALUE);
            return audit.after(from, n);
        });
    }

    /** Query parameters are parsed here: the framework would answer a non-number with 404. */
    static long number(String name, String value, long absent, long min, long max) {
        if (value == null) {
            return absent;
        }
        try {
            long v = Long.parseLong(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(
                name + " must be an integer between " + min + " and " + max + ", was '" + value + "'");
    }
}
