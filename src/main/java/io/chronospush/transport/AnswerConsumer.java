package io.chronospush.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Keeps the response head and the first {@value #KEPT_BYTES} bytes of the body, enough for OX's
 * error text in a log line, and discards the rest: a misbehaving endpoint cannot fill the heap.
 */
final class AnswerConsumer extends AbstractBinResponseConsumer<AnswerConsumer.Answer> {
    static final int KEPT_BYTES = 512;

    static final class Answer {
        final HttpResponse head;
        final String bodyStart;
        /** Whether the body went on beyond {@link #bodyStart}. */
        final boolean cut;

        Answer(HttpResponse head, String bodyStart, boolean cut) {
            this.head = head;
            this.bodyStart = bodyStart;
            this.cut = cut;
        }
    }

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private HttpResponse head;
    private boolean cut;

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
        this.head = response;
    }

    @Override
    protected int capacityIncrement() {
        return 8192;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) {
        int keep = Math.min(src.remaining(), KEPT_BYTES - kept.size());
        for (int i = 0; i < keep; i++) {
            kept.write(src.get());
        }
        cut |= src.hasRemaining();
        src.position(src.limit());
    }

    @Override
    protected Answer buildResult() {
        return new Answer(head, new String(kept.toByteArray(), StandardCharsets.UTF_8), cut);
    }

    @Override
    public void releaseResources() {
        // Nothing is held beyond the kept bytes.
    }
}
