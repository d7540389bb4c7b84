/**
 * The HTTP edge of API v1: the REST resources and their request and response records, the
 * assignment event stream (a Vert.x route in front of the JSON resource), the checks every request
 * passes (names, strict JSON types, body size, allowed methods) and errors as problem+json. The top
 * of the layering: it may use every package of the service, and none uses it.
 */
@org.jspecify.annotations.NullMarked
package io.goxhelix.api;
