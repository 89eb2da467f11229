package io.moolah.events;

/** A record on a topic that is not a well-formed event envelope. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
