/**
 * The names of the model, as values: domains, queues and worker ids, each checked once where it
 * enters (the API, the client's options) against the one rule stated here. Plain Java, shared by the
 * service and the worker client; it depends on no other package of the project, and on nothing
 * outside the JDK ({@code ArchitectureTest}).
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.names;
