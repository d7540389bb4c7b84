package io.goxhelix.client.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A small, strict JSON (RFC 8259) reader ({@link JsonReader} does the reading), and string quoting for
 * the one body the client writes.
 *
 * <p>Written by hand on purpose: the worker client depends on the JDK only, so that any application
 * can embed it beside whatever JSON library it already uses (or none), and the JDK has no JSON API.
 * It reads one document into plain values: objects as {@code Map<String, Object>} (insertion order,
 * a repeated name keeps its last value), arrays as {@code List<Object>}, strings, {@code Boolean},
 * {@code null}, integers as {@code Long} (or {@link BigInteger} beyond its range) and other numbers as
 * {@link BigDecimal}. Text after the document, comments, trailing commas, unescaped control characters
 * and invalid escapes are errors. It is meant for the snapshots and heartbeat answers of the service
 * ({@link Messages} maps them), not for speed.
 */
public final class Json {

    private Json() {}

    /** Thrown for text that is not exactly one JSON document. */
    public static final class JsonException extends RuntimeException {
        JsonException(String message) {
            super(message);
        }
    }

    /** Reads one JSON document. */
    public static Object parse(String text) {
        if (text == null) {
            throw new JsonException("no JSON text");
        }
        return JsonReader.read(text);
    }

    /** {@code s} as a JSON string literal. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
