/**
 * The store: every SQL statement of the service on the reactive MySQL client, the schema (Flyway
 * migrations in {@code db/migration}, applied by {@link io.goxhelix.store.DatabaseBootstrap} before
 * anything else touches the database), the change feed and the batched heartbeat writes. It is the
 * only package that may use the Vert.x SQL client types ({@code ArchitectureTest}); it reads and writes
 * the rows of the pure coordination package and sees the configuration, never the coordinator or the
 * HTTP edge above it.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.store;
