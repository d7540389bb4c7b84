/**
 * The store: every SQL statement of the service, on the reactive MySQL client, and the schema
 * (Flyway migrations in {@code db/migration}). Nothing outside this package writes SQL.
 */
package io.goxhelix.store;
