package io.goxhelix.client.internal;

import io.goxhelix.client.AssignedPartition;
import io.goxhelix.client.PartitionRef;
import io.goxhelix.client.WorkerCapacity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two bodies the client reads (a snapshot, a heartbeat answer) and the one it writes (a heartbeat),
 * mapped by hand onto {@link Json} values (see there why). Unknown members are ignored, as the API
 * promises forward compatibility; a missing or mistyped member the client relies on is an error.
 */
public final class Messages {

    private Messages() {}

    /** Thrown for a body that is not the expected message. */
    public static final class MessageException extends RuntimeException {
        MessageException(String message, Throwable cause) {
            super(message, cause);
        }

        MessageException(String message) {
            super(message);
        }
    }

    /** An assignment snapshot: the partitions the worker may process at {@code version}. */
    public record Snapshot(String domain, String workerId, long version, List<AssignedPartition> partitions) {

        public Snapshot {
            partitions = List.copyOf(partitions);
        }

        /** partition -> epoch. */
        public Map<PartitionRef, Long> epochs() {
            Map<PartitionRef, Long> map = new LinkedHashMap<>();
            for (AssignedPartition p : partitions) {
                map.put(p.ref(), p.epoch());
            }
            return Collections.unmodifiableMap(map);
        }
    }

    /** The answer to a heartbeat (200). */
    public record HeartbeatAnswer(
            String workerId, long leaseTimeoutMs, long heartbeatIntervalMs, long assignmentVersion) {}

    /** {@code {"domain":…,"workerId":…,"version":V,"partitions":[{"queue":…,"partition":P,"epoch":E}]}}. */
    public static Snapshot snapshot(String body) {
        Map<String, Object> root = object(parse(body), "snapshot");
        long version = nonNegativeLong(root, "version");
        List<AssignedPartition> partitions = new ArrayList<>();
        Object list = root.get("partitions");
        if (!(list instanceof List<?> items)) {
            throw new MessageException("snapshot: 'partitions' must be an array");
        }
        for (Object item : items) {
            Map<String, Object> p = object(item, "snapshot partition");
            long partition = nonNegativeLong(p, "partition");
            if (partition > Integer.MAX_VALUE) {
                throw new MessageException("snapshot: partition number out of range: " + partition);
            }
            partitions.add(new AssignedPartition(string(p, "queue"), (int) partition, nonNegativeLong(p, "epoch")));
        }
        return new Snapshot(string(root, "domain"), string(root, "workerId"), version, partitions);
    }

    /** {@code {"workerId":…,"leaseTimeoutMs":L,"heartbeatIntervalMs":I,"assignmentVersion":V}}. */
    public static HeartbeatAnswer heartbeatAnswer(String body) {
        Map<String, Object> root = object(parse(body), "heartbeat answer");
        long lease = nonNegativeLong(root, "leaseTimeoutMs");
        long interval = nonNegativeLong(root, "heartbeatIntervalMs");
        if (lease == 0 || interval == 0) {
            throw new MessageException("heartbeat answer: leaseTimeoutMs and heartbeatIntervalMs must be positive");
        }
        return new HeartbeatAnswer(
                string(root, "workerId"), lease, interval, nonNegativeLong(root, "assignmentVersion"));
    }

    /** {@code {"queues":[…],"ackedVersion":V}}. */
    public static String heartbeatBody(Collection<String> queues, long ackedVersion) {
        return heartbeatBody(queues, ackedVersion, null, WorkerCapacity.DEFAULT);
    }

    /**
     * With the application version the worker announces ({@code version} null for none) and the
     * capacity fields that are not the defaults.
     */
    public static String heartbeatBody(
            Collection<String> queues, long ackedVersion, String version, WorkerCapacity capacity) {
        return heartbeatBody(queues, ackedVersion, version, capacity, null);
    }

    /** With the held partitions' loads ({@code loads} null: no report, the field left out). */
    public static String heartbeatBody(
            Collection<String> queues,
            long ackedVersion,
            String version,
            WorkerCapacity capacity,
            Map<PartitionRef, Double> loads) {
        return "{\"queues\":" + queues.stream().map(Json::quote).collect(Collectors.joining(",", "[", "]"))
                + ",\"ackedVersion\":" + ackedVersion + (version == null ? "" : ",\"version\":" + Json.quote(version))
                + capacity.jsonFields() + (loads == null ? "" : ",\"loads\":" + loadsJson(loads)) + "}";
    }

    /** {@code {"queue": {"partition": load}}}, queues and partitions in order. */
    static String loadsJson(Map<PartitionRef, Double> loads) {
        Map<String, StringBuilder> byQueue = new java.util.TreeMap<>();
        new java.util.TreeMap<>(loads).forEach((ref, load) -> {
            StringBuilder q = byQueue.computeIfAbsent(ref.queue(), k -> new StringBuilder());
            q.append(q.length() == 0 ? "" : ",")
                    .append('"')
                    .append(ref.partition())
                    .append("\":")
                    .append(load);
        });
        return byQueue.entrySet().stream()
                .map(e -> Json.quote(e.getKey()) + ":{" + e.getValue() + "}")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The {@code state} of a worker's standing ({@code GET …/drain}), null if the body has none. */
    public static String standingState(String body) {
        Object state = object(parse(body), "standing").get("state");
        return state instanceof String s ? s : null;
    }

    private static Object parse(String body) {
        try {
            return Json.parse(body);
        } catch (Json.JsonException e) {
            throw new MessageException(e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new MessageException(what + ": expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> object, String name) {
        if (!(object.get(name) instanceof String s)) {
            throw new MessageException("'" + name + "' must be a string");
        }
        return s;
    }

    private static long nonNegativeLong(Map<String, Object> object, String name) {
        Object value = object.get(name);
        if (value instanceof BigInteger) {
            throw new MessageException("'" + name + "' is out of range: " + value);
        }
        if (!(value instanceof Long n)) {
            throw new MessageException("'" + name + "' must be an integer, was " + value);
        }
        if (n < 0) {
            throw new MessageException("'" + name + "' must be >= 0, was " + n);
        }
        return n;
    }
}
