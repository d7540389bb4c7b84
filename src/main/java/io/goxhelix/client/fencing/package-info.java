/**
 * Fencing inside the application's own MySQL transaction: {@link
 * io.goxhelix.client.fencing.FencedTransactions} runs the application's work in a transaction that
 * first share-locks and checks the partition's row in gox-helix's schema (owner, epoch, lease by the
 * database clock), so that a worker that lost its partition, however late it wakes up, can never commit
 * a write; a {@link io.goxhelix.client.fencing.Checkpoint} is written in the same transaction and read
 * by the next owner. doc/fencing.md states what this guarantees and what it needs.
 *
 * <p>It uses {@code java.sql} and {@code javax.sql} only: the application brings its JDBC driver and
 * its {@link javax.sql.DataSource}, which must reach the MySQL server that holds gox-helix's schema.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.client.fencing;
