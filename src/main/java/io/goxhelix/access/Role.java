package io.goxhelix.access;

import java.util.Locale;

/** What a principal is for: administering the service, or being (a fleet of) workers. */
public enum Role {
    /** Administers every domain: queues, workers, tokens, the audit trail, the cluster view. */
    OPERATOR,
    /** Heartbeats, leaves and follows its own assignments, and reads the views of its domains. */
    WORKER;

    /** The name on the wire and in the database: {@code operator} or {@code worker}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a wire name, exactly as {@link #wireName()} writes it. */
    public static Role ofWireName(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + name + "': expected operator or worker");
    }
}
