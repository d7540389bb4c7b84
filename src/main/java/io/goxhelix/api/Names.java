package io.goxhelix.api;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of the names and ids of API v1, done before anything is read or written. */
final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Names() {}

    static String domain(String value) {
        return name("domain", value);
    }

    static String queue(String value) {
        return name("queue", value);
    }

    static String name(String kind, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw ApiException.badRequest(
                    "Invalid " + kind + " name '" + value + "': expected ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
        }
        return value;
    }

    /** A canonical 8-4-4-4-12 UUID, any case on input, lower case from here on. */
    static String workerId(String value) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw ApiException.badRequest("Invalid workerId '" + value + "': expected a UUID (8-4-4-4-12 hex)");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
