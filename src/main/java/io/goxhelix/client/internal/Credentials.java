package io.goxhelix.client.internal;

import io.goxhelix.client.WorkerOptions;
import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * The {@code Authorization} header of every request, taken from the token supplier each time so that
 * a rotated secret is used from the next request on.
 */
final class Credentials {

    private final Supplier<String> token;

    Credentials(WorkerOptions options) {
        this.token = options.token().orElse(null);
    }

    /** Adds {@code Authorization: Bearer <token>} when there is a token now; returns the builder. */
    HttpRequest.Builder sign(HttpRequest.Builder request) {
        if (token == null) {
            return request;
        }
        String secret = token.get();
        if (secret != null && !secret.isBlank()) {
            request.header("Authorization", "Bearer " + secret.strip());
        }
        return request;
    }
}
