package io.chronospush.embedded;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * One SMTP connection to James on 127.0.0.1, through JavaMail's SMTP transport. Messages go as
 * they are: JavaMail writes back the bytes it parsed, only dot-stuffed and with CRLF line ends.
 */
public final class SmtpSubmission implements AutoCloseable {
    private final Session session;
    private final Transport transport;

    public SmtpSubmission(int port, String envelopeSender) throws MessagingException {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "127.0.0.1");
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.smtp.from", envelopeSender);
        properties.setProperty("mail.smtp.localhost", "submitter.test");
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "60000");
        this.session = Session.getInstance(properties);
        this.transport = session.getTransport("smtp");
        transport.connect();
    }

    /** One SMTP transaction: {@code message} to each of {@code recipients}. */
    public void send(byte[] message, List<String> recipients) throws MessagingException {
        Address[] envelope = new Address[recipients.size()];
        for (int i = 0; i < envelope.length; i++) {
            envelope[i] = new InternetAddress(recipients.get(i));
        }
        transport.sendMessage(new MimeMessage(session, new ByteArrayInputStream(message)), envelope);
    }

    @Override
    public void close() throws MessagingException {
        transport.close();
    }
}
