package io.goxhelix.names;

/** A name or id that breaks its rule; the message says which rule, for a client to read. */
public final class InvalidNameException extends IllegalArgumentException {

    InvalidNameException(String message) {
        super(message);
    }
}
