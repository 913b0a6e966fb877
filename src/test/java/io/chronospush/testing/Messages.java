package io.chronospush.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;

/** Test mails from src/test/resources, parsed the way James's spool hands them to mailets. */
public final class Messages {
    private static final Session SESSION = Session.getDefaultInstance(new Properties());

    private Messages() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MimeMessage parse(byte[] message) throws MessagingException {
        return new MimeMessage(SESSION, new java.io.ByteArrayInputStream(message));
    }

    /**
     * The message as James's spool holds it: a {@link MimeMessageWrapper} over a message source,
     * parsed only when a mailet changes it.
     */
    public static MimeMessageWrapper spooled(byte[] message) throws MessagingException {
        return new MimeMessageWrapper(MimeMessageInputStreamSource.create("spooled-" + message.length, new java.io.ByteArrayInputStream(message)));
    }

    public static MimeMessage resource(String resource) throws MessagingException {
        return parse(bytes(resource));
    }

    /** What MimeMessage.writeTo writes: the body the notification must carry. */
    public static byte[] written(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
