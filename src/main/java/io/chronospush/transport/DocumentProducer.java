package io.chronospush.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;

import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

import io.chronospush.payload.PushDocument;

/**
 * Streams a {@link PushDocument} as the request body, straight from its segments, so that no
 * recipient's request copies the shared message. One instance serves one attempt.
 */
final class DocumentProducer implements AsyncEntityProducer {
    private final long length;
    private final ByteBuffer[] segments;
    private volatile boolean started;
    private int current;

    DocumentProducer(PushDocument document) {
        this.length = document.length();
        this.segments = document.segments();
    }

    /** Whether any of the body went out: an attempt cut off before that never reached the endpoint. */
    boolean started() {
        return started;
    }

    @Override
    public synchronized int available() {
        long left = 0;
        for (int i = current; i < segments.length; i++) {
            left += segments[i].remaining();
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    @Override
    public synchronized void produce(DataStreamChannel channel) throws IOException {
        started = true;
        while (current < segments.length) {
            ByteBuffer segment = segments[current];
            if (segment.hasRemaining()) {
                channel.write(segment);
                if (segment.hasRemaining()) {
                    // The channel is full; it asks again when it can take more.
                    return;
                }
            }
            current++;
        }
        channel.endStream();
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public String getContentType() {
        return PushNotifier.JSON.toString();
    }

    @Override
    public String getContentEncoding() {
        return null;
    }

    @Override
    public boolean isChunked() {
        return false;
    }

    @Override
    public Set<String> getTrailerNames() {
        return null;
    }

    @Override
    public void failed(Exception cause) {
        // The attempt's callback reports the failure.
    }

    @Override
    public void releaseResources() {
        // Nothing held but views of shared arrays.
    }
}
