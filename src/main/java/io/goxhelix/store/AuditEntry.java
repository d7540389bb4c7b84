package io.goxhelix.store;

import java.time.Instant;

/** A line of the audit trail as recorded, numbered in the order it was written. */
public record AuditEntry(
        long seq, Instant at, String principal, String action, String target, String outcome, String detail) {}
