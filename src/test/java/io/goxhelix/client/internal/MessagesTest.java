package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesTest {

    @Test
    void readsASnapshotAsTheServiceWritesIt() {
        Messages.Snapshot s = Messages.snapshot("{\"domain\":\"d\",\"workerId\":\"7f1c\",\"version\":7,\"partitions\":"
                + "[{\"queue\":\"q\",\"partition\":3,\"epoch\":12},{\"queue\":\"r\",\"partition\":0,\"epoch\":1}]}");
        assertThat(s.domain()).isEqualTo("d");
        assertThat(s.workerId()).isEqualTo("7f1c");
        assertThat(s.version()).isEqualTo(7);
        assertThat(s.partitions()).containsExactly(new AssignedPartition("q", 3, 12), new AssignedPartition("r", 0, 1));
        assertThat(s.epochs()).isEqualTo(Map.of(new PartitionRef("q", 3), 12L, new PartitionRef("r", 0), 1L));
    }

    @Test
    void ignoresUnknownMembers() {
        Messages.Snapshot s = Messages.snapshot(
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":0,\"partitions\":[]," + "\"future\":{\"x\":[1,2]}}");
        assertThat(s.partitions()).isEmpty();
        Messages.HeartbeatAnswer a = Messages.heartbeatAnswer("{\"workerId\":\"w\",\"leaseTimeoutMs\":10000,"
                + "\"heartbeatIntervalMs\":3000,\"assignmentVersion\":5,\"new\":\"field\"}");
        assertThat(a).isEqualTo(new Messages.HeartbeatAnswer("w", 10000, 3000, 5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"partitions\":[]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":\"7\",\"partitions\":[]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":7.0,\"partitions\":[]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":-1,\"partitions\":[]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":99999999999999999999,\"partitions\":[]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1,\"partitions\":{}}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1,\"partitions\":[1]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1,\"partitions\":[{\"queue\":\"q\",\"partition\":1}]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1,\"partitions\":[{\"queue\":1,\"partition\":1,\"epoch\":1}]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1,"
                        + "\"partitions\":[{\"queue\":\"q\",\"partition\":2147483648,\"epoch\":1}]}",
                "{\"workerId\":\"w\",\"version\":1,\"partitions\":[]}",
                "{\"domain\":\"d\",\"workerId\":\"w\",\"version\":1,\"partitions\":[]} trailing",
            })
    void rejectsWhatIsNotASnapshot(String body) {
        assertThatThrownBy(() -> Messages.snapshot(body)).isInstanceOf(Messages.MessageException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"workerId\":\"w\",\"leaseTimeoutMs\":0,\"heartbeatIntervalMs\":3000,\"assignmentVersion\":5}",
                "{\"workerId\":\"w\",\"leaseTimeoutMs\":10000,\"heartbeatIntervalMs\":0,\"assignmentVersion\":5}",
                "{\"workerId\":\"w\",\"leaseTimeoutMs\":10000,\"heartbeatIntervalMs\":3000}",
                "{\"leaseTimeoutMs\":10000,\"heartbeatIntervalMs\":3000,\"assignmentVersion\":5}",
                "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409}",
                "not json"
            })
    void rejectsWhatIsNotAHeartbeatAnswer(String body) {
        assertThatThrownBy(() -> Messages.heartbeatAnswer(body)).isInstanceOf(Messages.MessageException.class);
    }

    @Test
    void writesTheHeartbeatBody() {
        assertThat(Messages.heartbeatBody(List.of("food_order", "q.2"), 12))
                .isEqualTo("{\"queues\":[\"food_order\",\"q.2\"],\"ackedVersion\":12}");
        assertThat(Json.parse(Messages.heartbeatBody(List.of("a"), 0)))
                .isEqualTo(Map.of("queues", List.of("a"), "ackedVersion", 0L));
    }

    @Test
    void theHeartbeatBodyCarriesTheCapacityThatIsNotTheDefault() {
        var capacity = io.goxhelix.client.WorkerCapacity.weight(2)
                .withMaxPartitions(40)
                .withLabels(Map.of("zone", "eu-1a", "topology.kubernetes.io/zone", "b"));

        assertThat(Json.parse(Messages.heartbeatBody(List.of("a"), 3, null, capacity)))
                .isEqualTo(Map.of(
                        "queues",
                        List.of("a"),
                        "ackedVersion",
                        3L,
                        "weight",
                        2L,
                        "maxPartitions",
                        40L,
                        "labels",
                        Map.of("zone", "eu-1a", "topology.kubernetes.io/zone", "b")));
        assertThat(Messages.heartbeatBody(List.of("a"), 3, null, io.goxhelix.client.WorkerCapacity.DEFAULT))
                .isEqualTo(Messages.heartbeatBody(List.of("a"), 3));
    }

    @Test
    void aCapacityOutsideTheServicesBoundsIsRefusedAtOnce() {
        assertThatThrownBy(() -> io.goxhelix.client.WorkerCapacity.weight(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.goxhelix.client.WorkerCapacity.DEFAULT.withMaxPartitions(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.goxhelix.client.WorkerCapacity.DEFAULT.withLabels(Map.of("zone", "a b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheApplicationVersionWhenThereIsOneAndReadsAStanding() {
        assertThat(Json.parse(
                        Messages.heartbeatBody(List.of("a"), 3, "2.4.1", io.goxhelix.client.WorkerCapacity.DEFAULT)))
                .isEqualTo(Map.of("queues", List.of("a"), "ackedVersion", 3L, "version", "2.4.1"));
        assertThat(Messages.heartbeatBody(List.of("a"), 3, null, io.goxhelix.client.WorkerCapacity.DEFAULT))
                .isEqualTo(Messages.heartbeatBody(List.of("a"), 3));
        assertThat(Messages.standingState("{\"workerId\":\"w\",\"state\":\"DRAINED\",\"partitions\":0}"))
                .isEqualTo("DRAINED");
        assertThat(Messages.standingState("{\"workerId\":\"w\"}")).isNull();
    }
}
