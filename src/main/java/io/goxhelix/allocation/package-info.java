/**
 * The pure allocation core: given the queues, the live workers with the queues each serves, and who
 * owns which partition now, computes the target owner of every partition ({@link
 * io.goxhelix.allocation.Allocator}). It owns the balance and stickiness rules and nothing else: no
 * I/O, no clock, no framework, so it can be tested exhaustively and benchmarked on its own. It may
 * use the names and the JDK, nothing else ({@code ArchitectureTest}).
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.allocation;
