/**
 * The names of the model, as values: domains, queues and worker ids, each checked once where it
 * enters (the API, the client's options) against the one rule stated here. Plain Java, shared by the
 * service and the worker client; it depends on nothing.
 */
package io.goxhelix.names;
