package io.chronospush.payload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

/**
 * The JSON documents of one mail's notifications, as Dovecot's chronos driver sends them:
 * <pre>{"user": ..., "event": "MessageNew", "folder": ..., "body": ...}</pre>
 *
 * <p>The body is the whole message, decoded as UTF-8 with malformed bytes replaced by U+FFFD,
 * escaped by Jackson, never truncated. It is escaped once, in the constructor; each recipient's
 * {@link PushDocument} shares it.
 */
public final class PushPayload {
    public static final String EVENT = "MessageNew";

    private static final JsonFactory JSON = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
        .build();
    private static final int DECODE_CHUNK = 8192;

    private final ByteBuffer body;

    public PushPayload(byte[] message) {
        this.body = jsonString(message);
    }

    /** The document for one user: Jackson writes everything up to the body's value, which is shared. */
    public PushDocument forRecipient(String user, String folder) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(64 + 3 * (user.length() + folder.length()));
        try (JsonGenerator json = JSON.createGenerator(head, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("user", user);
            json.writeStringField("event", EVENT);
            json.writeStringField("folder", folder);
            json.writeFieldName("body");
            // An empty raw value: Jackson writes the ':' that precedes the shared body.
            json.writeRawValue("");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write JSON to memory", e);
        }
        return new PushDocument(head.toByteArray(), body);
    }

    /**
     * The message as a JSON string value, quotes included, in the buffer Jackson wrote it to:
     * no copy is made of it. Valid UTF-8 goes to Jackson as bytes, escaped without ever being
     * decoded; a message with malformed bytes is first repaired by the JDK (each malformed
     * sequence becomes U+FFFD) and then takes the same road.
     */
    private static ByteBuffer jsonString(byte[] message) {
        byte[] utf8 = isValidUtf8(message) ? message : new String(message, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        // Room for the quotes and the escapes of an ordinary mail (\r\n on every line) without growing.
        Buffer out = new Buffer(utf8.length + utf8.length / 16 + 16);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeUTF8String(utf8, 0, utf8.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write JSON to memory", e);
        }
        return out.written();
    }

    /** A byte array output stream whose bytes can be read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        ByteBuffer written() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    /**
     * The JDK's own UTF-8 decoder in REPORT mode, through a small reused buffer, from the first
     * byte that is not ASCII: most mails are 7-bit (their bodies transfer-encoded), and a pass
     * looking for a byte with its high bit set runs several times faster than decoding.
     */
    static boolean isValidUtf8(byte[] bytes) {
        int firstNonAscii = 0;
        while (firstNonAscii < bytes.length && bytes[firstNonAscii] >= 0) {
            firstNonAscii++;
        }
        if (firstNonAscii == bytes.length) {
            return true;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, firstNonAscii, bytes.length - firstNonAscii);
        CharBuffer chunk = CharBuffer.allocate(DECODE_CHUNK);
        while (true) {
            CoderResult result = decoder.decode(in, chunk, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return !decoder.flush(chunk.clear()).isError();
            }
            chunk.clear();
        }
    }
}
