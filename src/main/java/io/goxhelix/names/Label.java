package io.goxhelix.names;

import java.util.regex.Pattern;

/**
 * The rule of label keys and values (worker labels, a queue's required labels and spread label):
 * 1 to 63 characters of letters, digits and {@code _ . - /}, starting with a letter or digit, so
 * that {@code topology.kubernetes.io/zone} is a valid key.
 */
public final class Label {

    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_./-]{0,62}$";

    /** The most labels a worker or a queue may carry. */
    public static final int MAX_LABELS = 16;

    private static final Pattern LABEL = Pattern.compile(PATTERN);

    private Label() {}

    /** {@code value}, if it is a valid label key or value. */
    public static String checked(String kind, String value) {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw new InvalidNameException("Invalid " + kind + " '" + value + "': expected " + PATTERN);
        }
        return value;
    }
}
