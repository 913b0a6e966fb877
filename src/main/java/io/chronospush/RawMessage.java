package io.chronospush;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;

/** A mail's message as bytes, the one place that touches JavaMail's message API. */
public final class RawMessage {
    private static final int DEFAULT_BUFFER = 4096;

    private RawMessage() {
    }

    /**
     * The whole message as a parser reads it. James's spooled {@link MimeMessageWrapper} serves it
     * from its source without copying, the current headers in front when a mailet changed them,
     * so a walk that stops early reads little of a large mail. Any other {@link MimeMessage} is
     * written out: JavaMail keeps no raw copy of a body a mailet replaced.
     */
    public static InputStream streamOf(MimeMessage message) throws MessagingException, IOException {
        if (message instanceof MimeMessageWrapper) {
            return ((MimeMessageWrapper) message).getMessageInputStream();
        }
        return new ByteArrayInputStream(written(message));
    }

    /**
     * The whole message, headers and body, as {@link #streamOf} serves it. Not with
     * {@link MimeMessage#writeTo}: on a spooled message whose headers a mailet changed (James's
     * {@code AddDeliveredToHeader} does, on every mail), it calls {@code saveChanges()}, which
     * parses the whole MIME tree and leaves every later step a parsed message to write out.
     */
    public static byte[] bytesOf(Mail mail) throws MessagingException, IOException {
        try (InputStream in = streamOf(mail.getMessage())) {
            return in.readAllBytes();
        }
    }

    /**
     * A message held in memory the way James holds a spooled one: a {@link MimeMessageWrapper}
     * over a source, parsed only when someone asks, and copied as these bytes by a queue.
     */
    public static MimeMessageWrapper inMemory(String sourceId, byte[] message) throws MessagingException {
        return new MimeMessageWrapper(new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return sourceId;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(message);
            }

            @Override
            public long getMessageSize() {
                return message.length;
            }
        });
    }

    private static byte[] written(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(DEFAULT_BUFFER);
        message.writeTo(out);
        return out.toByteArray();
    }
}
