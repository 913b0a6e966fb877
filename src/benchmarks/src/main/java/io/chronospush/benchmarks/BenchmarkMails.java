package io.chronospush.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;

import io.chronospush.RawMessage;
import io.chronospush.testing.Messages;

/** The mails the benchmarks run on, each loaded once, and handed out as James's spool does. */
final class BenchmarkMails {
    static final String CRLF = "\r\n";

    private BenchmarkMails() {
    }

    /** The labelled corpus of real mails, in the order of its SOURCES.tsv. */
    static List<byte[]> corpus() {
        String sources = new String(Messages.bytes("corpus/SOURCES.tsv"), StandardCharsets.UTF_8);
        return sources.lines()
            .skip(1)
            .map(row -> row.split("\t", 2)[0])
            .map(file -> Messages.bytes("corpus/" + file))
            .collect(Collectors.toList());
    }

    /**
     * A fresh mail over the bytes: a new message, parsed only when someone asks, as the spool
     * hands it to a matcher. Not through the builder's {@code mimeMessage}, which copies it.
     */
    static Mail spooled(byte[] message) {
        try {
            MailImpl mail = MailImpl.builder()
                .name("benchmark")
                .sender("alice@example.com")
                .addRecipient("bob@example.com")
                .build();
            mail.setMessageNoCopy(RawMessage.inMemory("benchmark", message));
            return mail;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single-part text/plain mail of about {@code size} bytes. */
    static byte[] singlePartText(int size) {
        return (headers("text/plain; charset=UTF-8") + CRLF + textLines(size)).getBytes(StandardCharsets.US_ASCII);
    }

    /** A multipart/mixed mail: a short text, then a base64 PDF attachment of about {@code size} bytes. */
    static byte[] withAttachment(int size) {
        String boundary = "attachment-boundary";
        return (headers("multipart/mixed; boundary=\"" + boundary + "\"") + CRLF
            + "--" + boundary + CRLF
            + "Content-Type: text/plain; charset=UTF-8" + CRLF + CRLF
            + "Please find the report attached." + CRLF
            + "--" + boundary + CRLF
            + "Content-Type: application/pdf; name=\"report.pdf\"" + CRLF
            + "Content-Disposition: attachment; filename=\"report.pdf\"" + CRLF
            + "Content-Transfer-Encoding: base64" + CRLF + CRLF
            + base64Lines(size)
            + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII);
    }

    private static String headers(String contentType) {
        return "From: Alice <alice@example.com>" + CRLF
            + "To: Bob <bob@example.com>" + CRLF
            + "Subject: Quarterly report" + CRLF
            + "Date: Thu, 26 Nov 2026 09:00:00 +0100" + CRLF
            + "Message-ID: <benchmark@example.com>" + CRLF
            + "MIME-Version: 1.0" + CRLF
            + "Content-Type: " + contentType + CRLF;
    }

    private static String textLines(int size) {
        return ("The quick brown fox jumps over the lazy dog, again and again." + CRLF).repeat(Math.max(1, size / 64));
    }

    private static String base64Lines(int size) {
        char[] line = new char[76];
        Arrays.fill(line, 'Q');
        return (new String(line) + CRLF).repeat(Math.max(1, size / 78));
    }
}
