package io.chronospush.detect;

import java.io.IOException;
import java.io.InputStream;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Walks a message's MIME structure as a mime4j token stream, without decoding any body, and
 * stops at the first entity that is a calendar: media type {@code text/calendar}, or a file name
 * ending in {@code .ics} (see {@link IcsFileName}). Multipart children and the entities inside
 * {@code message/rfc822} count, at any depth; preambles, epilogues, bodies and other headers do not.
 *
 * <p>Like Dovecot, it parses at most {@value #MAX_NESTING_DEPTH} levels of nesting and at most
 * {@value #MAX_PARTS} parts; a message that goes deeper or has more is not walked further, and
 * what was found before decides. mime4j keeps its own stack of entities, so no input can exhaust
 * the Java stack. Malformed MIME never throws: what was parsed before the damage decides.
 *
 * <p>It stops as soon as nothing further can match: at the first calendar, and at the body of an
 * entity outside any multipart, such as the body of a single-part mail, which it never reads.
 */
public final class CalendarInviteDetector {
    public static final int MAX_NESTING_DEPTH = 100;
    public static final int MAX_PARTS = 10_000;

    private static final String TEXT_CALENDAR = "text/calendar";
    private static final String MULTIPART = "multipart/";
    private static final String MESSAGE_RFC822 = "message/rfc822";
    private static final String CONTENT_TYPE = "content-type";
    private static final String CONTENT_DISPOSITION = "content-disposition";

    /**
     * No line, header or content limits: the message size is checked against the matcher's
     * limit before the walk, and that bounds them all.
     */
    private static final MimeConfig CONFIG = MimeConfig.custom()
        .setStrictParsing(false)
        .setMaxLineLen(-1)
        .setMaxHeaderCount(-1)
        .setMaxHeaderLen(-1)
        .setMaxContentLen(-1)
        .build();

    public boolean hasCalendarInvite(InputStream message) throws IOException {
        MimeTokenStream tokens = new MimeTokenStream(CONFIG);
        tokens.parse(message);
        int depth = 0;
        int openMultiparts = 0;
        int parts = 0;
        try {
            for (EntityState state = tokens.getState(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
                switch (state) {
                    case T_START_MESSAGE:
                        depth++;
                        break;
                    case T_START_MULTIPART:
                        depth++;
                        openMultiparts++;
                        break;
                    case T_END_MESSAGE:
                        depth--;
                        break;
                    case T_END_MULTIPART:
                        depth--;
                        openMultiparts--;
                        break;
                    case T_START_BODYPART:
                        parts++;
                        if (parts > MAX_PARTS) {
                            return false;
                        }
                        break;
                    case T_FIELD:
                        if (namesIcsFile(tokens.getField())) {
                            return true;
                        }
                        break;
                    case T_END_HEADER:
                        // Decides whether mime4j descends into this entity's body, when it next advances.
                        tokens.setRecursionMode(depth < MAX_NESTING_DEPTH ? RecursionMode.M_RECURSE : RecursionMode.M_FLAT);
                        break;
                    case T_BODY:
                        // The first state where mime4j hands out the descriptor; a text/calendar body is never multipart.
                        BodyDescriptor body = tokens.getBodyDescriptor();
                        if (isCalendar(body)) {
                            return true;
                        }
                        // Reading on through nested boundaries costs each level a scan of what follows: a
                        // nesting bomb would take milliseconds per mail, so the walk ends where parsing does.
                        if (openMultiparts == 0 || isContainer(body)) {
                            return false;
                        }
                        break;
                    default:
                        break;
                }
            }
        } catch (MimeException e) {
            return false;
        }
        return false;
    }

    private static boolean isCalendar(BodyDescriptor descriptor) {
        return TEXT_CALENDAR.equals(descriptor.getMimeType());
    }

    /** A multipart or message/rfc822 handed out as a body: the nesting cap stopped mime4j from parsing it. */
    private static boolean isContainer(BodyDescriptor descriptor) {
        return descriptor.getMimeType().startsWith(MULTIPART) || MESSAGE_RFC822.equals(descriptor.getMimeType());
    }

    private static boolean namesIcsFile(Field field) throws MimeException {
        String name = field.getName();
        if (name.equalsIgnoreCase(CONTENT_DISPOSITION)) {
            return IcsFileName.isIn(field, "filename");
        }
        if (name.equalsIgnoreCase(CONTENT_TYPE)) {
            return IcsFileName.isIn(field, "name");
        }
        return false;
    }
}
