package io.goxhelix.names;

import java.util.Locale;
import java.util.UUID;

/** A worker's id: a UUID, accepted in any case and kept in lower case, so that one worker has one id. */
public record WorkerId(String value) {

    public WorkerId {
        if (!Name.isCanonicalUuid(value)) {
            throw new InvalidNameException("workerId '" + value + "' is not a UUID in 8-4-4-4-12 hex form");
        }
    }

    /** The id of {@code value}, any case. */
    public static WorkerId parse(String value) {
        if (!Name.isUuid(value)) {
            throw new InvalidNameException("workerId '" + value + "' is not a UUID in 8-4-4-4-12 hex form");
        }
        return new WorkerId(value.toLowerCase(Locale.ROOT));
    }

    public static WorkerId random() {
        return new WorkerId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
