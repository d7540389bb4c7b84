package io.goxhelix.store;

/** Fired once the database is at the current schema; nothing may query it before. */
public record SchemaReady() {}
