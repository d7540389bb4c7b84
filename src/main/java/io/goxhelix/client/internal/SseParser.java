package io.goxhelix.client.internal;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The Server-Sent Events wire format, parsed as the HTML Living Standard ("Interpreting an event
 * stream") says, for one connection. Fed decoded text in chunks of any size; a line may end in CRLF,
 * LF or CR, split anywhere between chunks. A leading byte order mark is dropped; lines starting with
 * {@code :} are comments; {@code field: value} loses one space after the colon; a line without a colon
 * is a field with an empty value; {@code data} lines accumulate (joined by LF); {@code id} sets the last
 * event id (unless it contains NUL) and it persists across events; {@code retry} with only digits sets
 * the reconnection time; other fields are ignored; a blank line dispatches the event if it has data,
 * with the type {@code message} when none was given. An event not ended by a blank line when the
 * stream ends is never dispatched. Not thread-safe: one reader thread feeds it.
 */
public final class SseParser {

    /** A dispatched event. {@code id} is the last event id at dispatch time ({@code ""} if none). */
    public record Event(String id, String type, String data) {}

    private final Consumer<Event> events;
    private final Consumer<String> comments;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId = "";
    private long retryMillis = -1;
    private boolean started;
    private boolean afterCr;

    public SseParser(Consumer<Event> events, Consumer<String> comments) {
        this.events = Objects.requireNonNull(events, "events");
        this.comments = Objects.requireNonNull(comments, "comments");
    }

    /** Feeds the next chunk of the stream. */
    public void feed(CharSequence chunk) {
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (c == '\r') {
                afterCr = true;
                endOfLine();
            } else if (c == '\n') {
                endOfLine();
            } else {
                line.append(c);
            }
        }
    }

    /** The last event id the stream set ({@code ""} if none): what {@code Last-Event-ID} would carry. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the stream asked for, if it did. */
    public OptionalLong retryMillis() {
        return retryMillis < 0 ? OptionalLong.empty() : OptionalLong.of(retryMillis);
    }

    private void endOfLine() {
        String l = line.toString();
        line.setLength(0);
        if (l.isEmpty()) {
            dispatch();
            return;
        }
        if (l.charAt(0) == ':') {
            comments.accept(l.substring(1));
            return;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        field(field, value);
    }

    /** One field of the event being read. */
    private void field(String name, String value) {
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    try {
                        retryMillis = Long.parseLong(value);
                    } catch (NumberFormatException tooLarge) {
                        retryMillis = Long.MAX_VALUE;
                    }
                }
            }
            default -> {
                // ignored, as the standard says
            }
        }
    }

    private void dispatch() {
        if (!hasData) {
            eventType = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1); // without the last LF
        String type = eventType.isEmpty() ? "message" : eventType;
        data.setLength(0);
        hasData = false;
        eventType = "";
        events.accept(new Event(lastEventId, type, payload));
    }
}
