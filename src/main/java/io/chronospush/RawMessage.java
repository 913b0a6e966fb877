package io.chronospush;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;

/** A mail's message as bytes, the one place that touches JavaMail's message API. */
final class RawMessage {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int HEADER_BUFFER = 4096;

    private RawMessage() {
    }

    /**
     * The message as a parser reads it, without copying its body: the header lines JavaMail
     * already holds, then the raw (undecoded) body stream. James's spooled message serves that
     * stream from its source, so a walk that stops early reads little of a large mail.
     */
    static InputStream streamOf(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(HEADER_BUFFER);
        Enumeration<String> lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            header.writeBytes(lines.nextElement().getBytes(StandardCharsets.UTF_8));
            header.writeBytes(CRLF);
        }
        header.writeBytes(CRLF);
        return new SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), rawBody(message));
    }

    /** The whole message, headers and body, as {@link MimeMessage#writeTo} writes it. */
    static byte[] bytesOf(Mail mail) throws MessagingException, IOException {
        long size = mail.getMessageSize();
        ByteArrayOutputStream out = new ByteArrayOutputStream(size > 0 && size < Integer.MAX_VALUE ? (int) size : HEADER_BUFFER);
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    private static InputStream rawBody(MimeMessage message) {
        try {
            return message.getRawInputStream();
        } catch (MessagingException noContent) {
            // A message of headers alone: they are all there is to walk.
            return InputStream.nullInputStream();
        }
    }
}
