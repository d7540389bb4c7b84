package io.goxhelix.names;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The two rules of the model's names. Both alphabets are closed (letters, digits, {@code _ . -}):
 * such a name can be inlined in a SQL statement, a URL path or a header without escaping, and a
 * comma can separate names in one column.
 */
public final class Name {

    /** Domains and queues: 1 to 64 characters, starting with a letter or digit. */
    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

    private static final Pattern NAME = Pattern.compile(PATTERN);
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Name() {}

    /** True if {@code value} is a valid domain or queue name. */
    public static boolean isValid(String value) {
        return value != null && NAME.matcher(value).matches();
    }

    /** True if {@code value} is a UUID in 8-4-4-4-12 hex form, in any case. */
    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    /** True if {@code value} is a worker id as stored: a UUID in lower case. */
    public static boolean isCanonicalUuid(String value) {
        return isUuid(value) && value.equals(value.toLowerCase(Locale.ROOT));
    }

    static String checked(String kind, String value) {
        if (!isValid(value)) {
            throw new InvalidNameException("Invalid " + kind + " name '" + value + "': expected " + PATTERN);
        }
        return value;
    }
}
