/**
 * A runnable example of the worker client, {@link io.goxhelix.client.example.LoggingWorker}: it
 * uses the client's public API only, as an application would.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.client.example;
