package io.goxhelix.client;

import static io.goxhelix.client.RecordingListener.partitions;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The assignment stream: reconnection, Last-Event-ID, polling while it is down, failover. */
class StreamTest extends WorkerFixture {

    @Test
    void reconnectsWithLastEventIdAndContinues() {
        // Given a worker following its stream at version 3
        StubCoordinator stub = stub();
        stub.publish(3, "q/0@1");
        RecordingListener listener = new RecordingListener();
        start(options(stub), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        await().until(() -> stub.openStreams() == 1);

        // When the service drops the stream
        stub.dropStreams();

        // Then the worker reconnects, telling the version it has, and follows the next versions
        await().until(() -> stub.lastEventIds().size() >= 2 && stub.openStreams() == 1);
        assertThat(stub.lastEventIds().get(0)).isEqualTo("-");
        assertThat(stub.lastEventIds().get(1)).isEqualTo("3");
        stub.publish(4, "q/0@1", "q/1@2");
        await().until(() -> listener.holding().equals(partitions("q/0@1", "q/1@2")));
        await().until(() -> stub.ackedVersions().contains(4L));
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]", "assigned [q/1@2]");
        assertThat(listener.leaseLost()).isZero();
    }

    @Test
    void aQuietStreamStaysOpenLongerThanTheRequestTimeout() {
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        start(options(stub).requestTimeout(Duration.ofSeconds(1)), listener);
        // The request timeout bounds the wait for a response's headers: on a loaded machine the
        // first attempt may legitimately miss it, so the count starts once a stream is up.
        await().until(() -> listener.holding().equals(partitions("q/0@1")) && stub.openStreams() == 1);
        int opened = stub.lastEventIds().size();

        int beats = stub.heartbeats().size();
        await().atMost(Duration.ofSeconds(60)).until(() -> stub.heartbeats().size() >= beats + 60); // 3 s, 3 timeouts

        assertThat(stub.lastEventIds()).hasSize(opened);
        assertThat(stub.openStreams()).isEqualTo(1);
    }

    @Test
    void reconnectsAStreamThatFellSilent() {
        // Given a stream that carries nothing after its first event (no keep-alive comments)
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        start(options(stub).streamIdleTimeout(Duration.ofMillis(300)), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));

        // Then the worker takes it for dead and opens another
        await().until(() -> stub.lastEventIds().size() >= 2);
        assertThat(stub.lastEventIds().get(1)).isEqualTo("1");
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]");
    }

    @Test
    void pollsTheSnapshotWhileTheStreamIsRefused() {
        // Given a service that refuses the stream but serves the snapshot
        StubCoordinator stub = stub();
        stub.refuseStreams(true);
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        start(options(stub), listener);

        // Then the worker polls it at the heartbeat interval and follows it
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        stub.setSnapshot(2, "q/1@3");
        await().until(() -> listener.holding().equals(partitions("q/1@3")));
        await().until(() -> stub.ackedVersions().contains(2L));
        assertThat(stub.polls()).isGreaterThanOrEqualTo(2);
        assertThat(stub.lastEventIds().size()).isGreaterThanOrEqualTo(2); // it kept trying the stream

        // When the stream is back, the worker follows it and stops polling
        stub.refuseStreams(false);
        await().until(() -> stub.openStreams() == 1);
        assertThat(stub.lastEventIds().get(stub.lastEventIds().size() - 1)).isEqualTo("2");
        stub.publish(3, "q/1@3", "q/2@4");
        await().until(() -> listener.holding().equals(partitions("q/1@3", "q/2@4")));
        int polls = stub.polls();
        int beats = stub.heartbeats().size();
        await().until(() -> stub.heartbeats().size() >= beats + 5); // several poll intervals
        assertThat(stub.polls()).isLessThanOrEqualTo(polls + 1); // at most one that was under way
    }

    @Test
    void startsOnTheFirstInstanceThatAnswers() {
        StubCoordinator stub = stub();
        stub.publish(1, "q/0@1");
        RecordingListener listener = new RecordingListener();
        start(options().baseUri(deadUri()).baseUri(stub.uri()), listener);

        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        await().until(() -> stub.openStreams() == 1);
    }

    @Test
    void failsOverToAnotherInstanceWithoutLosingTheLease() {
        // Given two instances of one service, the worker on the first
        StubCoordinator first = stub();
        StubCoordinator second = stub();
        for (StubCoordinator s : List.of(first, second)) {
            s.publish(1, "q/0@1");
        }
        RecordingListener listener = new RecordingListener();
        start(options(first, second), listener);
        await().until(() -> listener.holding().equals(partitions("q/0@1")));
        await().until(() -> first.openStreams() == 1);

        // When the first instance goes away
        first.close();

        // Then heartbeats and the stream move to the second, and the worker keeps its partitions
        await().until(() -> !second.heartbeats().isEmpty() && second.openStreams() == 1);
        second.publish(2, "q/0@1", "q/1@1");
        await().until(() -> listener.holding().equals(partitions("q/0@1", "q/1@1")));
        assertThat(listener.leaseLost()).isZero();
        assertThat(listener.calls()).containsExactly("assigned [q/0@1]", "assigned [q/1@1]");
    }
}
