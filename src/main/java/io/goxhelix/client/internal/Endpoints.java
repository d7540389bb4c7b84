package io.goxhelix.client.internal;

import java.net.URI;
import java.util.List;

/**
 * The instances of the service one kind of request goes to: the current one until it fails, then the
 * next, round robin. Thread-safe.
 */
public final class Endpoints {

    private final List<URI> bases;
    private int current;

    public Endpoints(List<URI> bases) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no base URI");
        }
        this.bases = List.copyOf(bases);
    }

    public synchronized URI current() {
        return bases.get(current);
    }

    /** Moves on to the next instance, unless another failure already moved away from {@code base}. */
    public synchronized void failed(URI base) {
        if (bases.get(current).equals(base)) {
            current = (current + 1) % bases.size();
        }
    }

    public int size() {
        return bases.size();
    }

    /** {@code path} (starting with {@code /}) under {@code base}, which may have a path prefix of its own. */
    public static URI resolve(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }
}
