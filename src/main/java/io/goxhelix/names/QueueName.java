package io.goxhelix.names;

/** The name of a queue within its domain. */
public record QueueName(String value) {

    public QueueName {
        Name.checked("queue", value);
    }

    public static QueueName of(String value) {
        return new QueueName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
