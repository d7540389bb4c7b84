/**
 * The soak: the packaged service, several instances on one database, under continuously injected
 * faults, driven by workers built on the client; and the checker that judges it from the workers'
 * own records.
 */
package io.goxhelix.soak;
