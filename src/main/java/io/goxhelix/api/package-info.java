/** The HTTP edge: REST and SSE resources of API v1, request and response records, problem+json. */
package io.goxhelix.api;
