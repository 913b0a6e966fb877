package io.chronospush.payload;

import java.nio.ByteBuffer;

/**
 * One recipient's JSON document, kept as its own head ({@code {"user":...,"body":}), the
 * message's escaped body shared by every recipient of the mail, and the closing brace: a mail to
 * many users holds its body once, however many documents are in flight.
 */
public final class PushDocument {
    private static final byte[] TAIL = {'}'};

    private final byte[] head;
    private final ByteBuffer body;

    PushDocument(byte[] head, ByteBuffer body) {
        this.head = head;
        this.body = body.asReadOnlyBuffer();
    }

    public long length() {
        return (long) head.length + body.remaining() + TAIL.length;
    }

    /** Fresh read-only views of the document's bytes, in order, for one sending. */
    public ByteBuffer[] segments() {
        return new ByteBuffer[] {
            ByteBuffer.wrap(head).asReadOnlyBuffer(),
            body.duplicate(),
            ByteBuffer.wrap(TAIL).asReadOnlyBuffer()};
    }

    /** The whole document in one array: a copy, for tools and tests. */
    public byte[] toByteArray() {
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(length()));
        for (ByteBuffer segment : segments()) {
            all.put(segment);
        }
        return all.array();
    }
}
