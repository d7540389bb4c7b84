/**
 * Authentication of API v1 on Quarkus Security: the bootstrap operator token and the start-up rule
 * that refuses to run without it (deny by default), the identity provider that turns a bearer token
 * into a {@link io.goxhelix.access.Principal} through an in-memory cache of the token table, and the
 * poll of recent revocations that evicts revoked tokens on every instance and tells the streams to
 * close. The rules of what a principal may do are in {@code access}; the HTTP side in {@code api}.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.auth;
