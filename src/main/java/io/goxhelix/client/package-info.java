/**
 * The worker client of gox-helix, for applications: {@link io.goxhelix.client.GoxWorker} heartbeats,
 * follows its assignment over Server-Sent Events (polling while the stream is down), applies the
 * worker rule of API v1 and tells a {@link io.goxhelix.client.PartitionListener} which partitions it
 * may work on, configured by {@link io.goxhelix.client.WorkerOptions}.
 *
 * <p>It depends on the JDK only ({@code java.net.http}, {@code java.util.concurrent}) and on the
 * names of {@code io.goxhelix.names}, never on the service's packages; {@code ArchitectureTest}
 * keeps it so. Logging goes through {@link java.lang.System.Logger} under the name {@code
 * io.goxhelix.client}.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.client;
