package io.goxhelix.coordination;

/** A worker whose snapshot changed ({@code newVersion}), and whether this round expired its lease. */
public record WorkerChange(String id, long newVersion, boolean expired) {}
