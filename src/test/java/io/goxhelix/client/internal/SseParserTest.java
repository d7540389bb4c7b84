package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.goxhelix.client.internal.SseParser.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add, comments::add);

    @Test
    void readsTheServicesStream() {
        parser.feed(": connected\n\nid: 7\nevent: assignment\ndata: {\"version\":7}\n\n: keep-alive\n\n");
        assertThat(events).containsExactly(new Event("7", "assignment", "{\"version\":7}"));
        assertThat(comments).containsExactly(" connected", " keep-alive");
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void endsLinesOnCrLfLfOrCrEvenWhenSplitBetweenChunks() {
        String stream = "data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\n";
        for (int split = 0; split <= stream.length(); split++) {
            events.clear();
            SseParser p = new SseParser(events::add, c -> {});
            p.feed(stream.substring(0, split));
            p.feed(stream.substring(split));
            assertThat(events).as("split at %d", split).extracting(Event::data).containsExactly("a", "b", "c", "d");
        }
        events.clear();
        SseParser p = new SseParser(events::add, c -> {});
        for (char c : stream.toCharArray()) {
            p.feed(String.valueOf(c));
        }
        assertThat(events).extracting(Event::data).containsExactly("a", "b", "c", "d");
    }

    @Test
    void joinsDataLinesAndKeepsSpacesBeyondTheFirst() {
        parser.feed("data:first\ndata:  second\ndata\ndata: \n\n");
        assertThat(events).containsExactly(new Event("", "message", "first\n second\n\n"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedButItsIdIsKept() {
        parser.feed("id: 3\nevent: assignment\n\ndata: x\n\n");
        assertThat(events).containsExactly(new Event("3", "message", "x"));
        assertThat(parser.lastEventId()).isEqualTo("3");
    }

    @Test
    void theLastEventIdPersistsAndCanBeReset() {
        parser.feed("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");
        assertThat(events).extracting(Event::id).containsExactly("1", "1", "");
        parser.feed("id: has\0nul\ndata: d\n\n");
        assertThat(events.get(3).id()).isEmpty();
    }

    @Test
    void ignoresUnknownFieldsAndReadsRetry() {
        parser.feed("retry: 1500\nfoo: bar\ndata: x\n\nretry: soon\n\n");
        assertThat(parser.retryMillis()).hasValue(1500);
        assertThat(events).containsExactly(new Event("", "message", "x"));
    }

    @Test
    void dropsALeadingByteOrderMarkOnly() {
        parser.feed("\uFEFFdata: a\n\ndata: \uFEFFb\n\n");
        assertThat(events).extracting(Event::data).containsExactly("a", "\uFEFFb");
    }

    @Test
    void neverDispatchesAnEventTheStreamDidNotEnd() {
        parser.feed("data: complete\n\ndata: cut off\n");
        assertThat(events).extracting(Event::data).containsExactly("complete");
    }

    @Test
    void theTypeDoesNotLeakIntoTheNextEvent() {
        parser.feed("event: assignment\ndata: 1\n\ndata: 2\n\n");
        assertThat(events).extracting(Event::type).containsExactly("assignment", "message");
    }
}
