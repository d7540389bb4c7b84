/**
 * Who may do what: the principals of the service (operators and workers), the actions of API v1
 * and the pure rules that decide whether a principal may take one, the object-level rule that a
 * worker id belongs to the principal that registered it, and the bearer-token secrets (how they are
 * made, and the hash that is all the database ever keeps of them). Plain Java: no framework, no I/O.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.access;
