/**
 * gox-helix: the service's typed configuration ({@link io.goxhelix.GoxConfig}, every {@code gox.*}
 * property) and this process's identity in the cluster ({@link io.goxhelix.Instance}). In the
 * layering it sits below the store, the coordinator and the HTTP edge, which read it, and depends on
 * no package of the project; the pure packages and the worker client never see it ({@code
 * ArchitectureTest}).
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix;
