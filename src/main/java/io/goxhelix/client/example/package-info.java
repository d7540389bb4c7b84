/** A runnable example of the worker client: {@link io.goxhelix.client.example.LoggingWorker}. */
package io.goxhelix.client.example;
