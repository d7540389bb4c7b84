package io.goxhelix.client;

import io.goxhelix.names.DomainName;
import io.goxhelix.names.QueueName;
import io.goxhelix.names.WorkerId;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The checks of {@link WorkerOptions.Builder#build()}, each throwing an {@link IllegalArgumentException}
 * that names the option. Names and ids are checked by {@code io.goxhelix.names}, the rules the service
 * applies, so that a worker the builder accepts is one the service accepts too.
 */
final class OptionChecks {

    private OptionChecks() {}

    static void baseUris(List<URI> uris) {
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("baseUris: at least one base URI of the service is required");
        }
        uris.forEach(OptionChecks::baseUri);
    }

    private static void baseUri(URI uri) {
        String scheme = uri.getScheme();
        if (!uri.isAbsolute()
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "baseUri '" + uri + "' must be an absolute http or https URI with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUri '" + uri + "' must have no query and no fragment");
        }
    }

    static void names(String domain, List<String> queues, int maxQueues) {
        DomainName.of(domain);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("queues: at least one queue is required");
        }
        queues.forEach(QueueName::of);
        int distinct = new LinkedHashSet<>(queues).size();
        if (distinct > maxQueues) {
            throw new IllegalArgumentException("queues: at most " + maxQueues + " queues per worker, got " + distinct);
        }
    }

    /** {@code null} stands for a random id, chosen later. */
    static void workerId(String workerId) {
        if (workerId != null) {
            WorkerId.parse(workerId);
        }
    }

    /** A header value may not hold spaces or line breaks; the message never shows the token. */
    static void token(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("token must be printable ASCII without spaces");
        }
    }

    static void backoff(Duration initialDelay, Duration maxDelay) {
        positive("reconnectInitialDelay", initialDelay);
        positive("reconnectMaxDelay", maxDelay);
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay (" + maxDelay
                    + ") must not be less than reconnectInitialDelay (" + initialDelay + ")");
        }
    }

    static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    static void positiveIfSet(String name, Duration value) {
        if (value != null) {
            positive(name, value);
        }
    }

    static void drainTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must be >= 0, was " + timeout);
        }
    }

    static void appVersion(String version) {
        if (version != null && !version.matches("[A-Za-z0-9._+-]{1,64}")) {
            throw new IllegalArgumentException(
                    "appVersion must be 1 to 64 letters, digits, '.', '_', '+' or '-', was '" + version + "'");
        }
    }

    /** A name-based UUID: the same name always gives the same worker id. */
    static String stableWorkerId(String name) {
        return java.util
                .UUID
                .nameUUIDFromBytes(("gox-helix worker " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }
}
