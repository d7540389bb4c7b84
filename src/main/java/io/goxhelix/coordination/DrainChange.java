package io.goxhelix.coordination;

/** A worker's drain moved on by a round: written only if it is still {@code from}. */
public record DrainChange(String id, Drain from, Drain to) {}
