package io.chronospush.check;

/**
 * A message file's line ends made what SMTP delivers: CRLF. Most tools save a mail with bare LF
 * line ends (some old ones with bare CR), but James receives mail over SMTP, where every line
 * ends in CRLF, and the mailet sends the message as James holds it. A check that sent the file's
 * own line ends would send another body than the mailet, and OX could answer it otherwise.
 * Plain JDK: the check tool runs without James or mime4j.
 */
final class LineEnds {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private LineEnds() {
    }

    /** {@code message} with each bare LF and each bare CR made CRLF, or {@code message} itself when it has none. */
    static byte[] crlf(byte[] message) {
        int added = 0;
        for (int i = 0; i < message.length; i++) {
            if (bare(message, i)) {
                added++;
            }
        }
        if (added == 0) {
            return message;
        }
        byte[] crlf = new byte[message.length + added];
        int to = 0;
        for (int i = 0; i < message.length; i++) {
            if (bare(message, i)) {
                crlf[to++] = CR;
                crlf[to++] = LF;
            } else {
                crlf[to++] = message[i];
            }
        }
        return crlf;
    }

    /** A CR not followed by LF, or an LF not preceded by CR: a line end that is not CRLF. */
    private static boolean bare(byte[] message, int i) {
        if (message[i] == CR) {
            return i + 1 == message.length || message[i + 1] != LF;
        }
        return message[i] == LF && (i == 0 || message[i - 1] != CR);
    }
}
