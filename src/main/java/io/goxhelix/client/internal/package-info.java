/**
 * The machinery behind {@link io.goxhelix.client.GoxWorker}: the protocol loop ({@link
 * io.goxhelix.client.internal.WorkerRuntime}), the worker rule as pure functions, the SSE parser and
 * connection, backoff, failover between instances, and a small JSON reader. Not an API: it may change
 * in any release. It keeps to the same dependencies as the client itself: the JDK and the names.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.client.internal;
