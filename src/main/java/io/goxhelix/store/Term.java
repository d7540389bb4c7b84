package io.goxhelix.store;

import java.time.Instant;

/** A coordinator's fencing term: who was elected, when, under which number. */
public record Term(long term, String instanceId, Instant since) {}
