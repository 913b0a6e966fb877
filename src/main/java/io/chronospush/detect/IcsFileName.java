package io.chronospush.detect;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.hc.core5.net.PercentCodec;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * Whether a header field's file name parameter ({@code filename} of Content-Disposition,
 * {@code name} of Content-Type) ends in {@code .ics}, case-insensitively.
 *
 * <p>mime4j lexes the parameters; this class puts RFC 2231 values back together
 * ({@code filename*=UTF-8''invite.ics}, and continuations {@code filename*0*}, {@code filename*1}...),
 * which mime4j 0.8.9, the version James 3.8 ships, does not. RFC 2047 encoded words, which
 * some clients put in file names although the RFC forbids it, are decoded too.
 */
final class IcsFileName {
    private static final String ICS = ".ics";

    private IcsFileName() {
    }

    static boolean isIn(Field field, String parameter) throws MimeException {
        if (!mentions(field.getRaw(), parameter)) {
            // Most fields (charset only, "inline"...) name no file: not worth lexing.
            return false;
        }
        String fileName = fileName(field, parameter);
        return fileName != null && fileName.toLowerCase(Locale.US).endsWith(ICS);
    }

    /** Whether the field's raw bytes hold {@code word}, ASCII case-insensitively: a parameter of that name must. */
    private static boolean mentions(ByteSequence raw, String word) {
        int last = raw.length() - word.length();
        for (int start = 0; start <= last; start++) {
            int matched = 0;
            while (matched < word.length() && Character.toLowerCase((char) (raw.byteAt(start + matched) & 0xff)) == word.charAt(matched)) {
                matched++;
            }
            if (matched == word.length()) {
                return true;
            }
        }
        return false;
    }

    static String fileName(Field field, String parameter) throws MimeException {
        RawField raw = field instanceof RawField ? (RawField) field : RawFieldParser.DEFAULT.parseField(field.getRaw());
        String plain = null;
        String extended = null;
        Map<Integer, NameValuePair> sections = new TreeMap<>();
        for (NameValuePair pair : RawFieldParser.DEFAULT.parseRawBody(raw).getParams()) {
            String name = pair.getName().toLowerCase(Locale.US);
            if (pair.getValue() == null || !name.startsWith(parameter)) {
                continue;
            }
            String suffix = name.substring(parameter.length());
            if (suffix.isEmpty()) {
                plain = pair.getValue();
            } else if (suffix.equals("*")) {
                extended = decodeExtended(pair.getValue());
            } else if (suffix.startsWith("*")) {
                sectionNumber(suffix).ifPresent(number -> sections.putIfAbsent(number, pair));
            }
        }
        if (extended != null) {
            return extended;
        }
        if (!sections.isEmpty()) {
            return joinSections(sections);
        }
        if (plain != null && plain.contains("=?")) {
            return DecoderUtil.decodeEncodedWords(plain, DecodeMonitor.SILENT);
        }
        return plain;
    }

    /** "*0", "*1*"... as 0, 1...; anything else is not a section. */
    private static Optional<Integer> sectionNumber(String suffix) {
        String digits = suffix.substring(1).endsWith("*") ? suffix.substring(1, suffix.length() - 1) : suffix.substring(1);
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(digits));
    }

    private static String joinSections(Map<Integer, NameValuePair> sections) {
        StringBuilder value = new StringBuilder();
        Charset charset = StandardCharsets.UTF_8;
        for (NameValuePair section : sections.values()) {
            String sectionValue = section.getValue();
            if (section.getName().endsWith("*")) {
                if (value.length() == 0 && sectionValue.indexOf('\'') >= 0) {
                    charset = charsetOf(sectionValue);
                    sectionValue = textOf(sectionValue);
                }
                value.append(PercentCodec.decode(sectionValue, charset));
            } else {
                value.append(sectionValue);
            }
        }
        return value.toString();
    }

    /** charset'language'percent-encoded-text, as RFC 2231 section 4 writes it. */
    private static String decodeExtended(String value) {
        return PercentCodec.decode(textOf(value), charsetOf(value));
    }

    /** What follows charset'language', or the whole value when it has no such prefix. */
    private static String textOf(String extendedValue) {
        int first = extendedValue.indexOf('\'');
        int second = first < 0 ? -1 : extendedValue.indexOf('\'', first + 1);
        return second < 0 ? extendedValue : extendedValue.substring(second + 1);
    }

    private static Charset charsetOf(String extendedValue) {
        String name = extendedValue.substring(0, Math.max(0, extendedValue.indexOf('\'')));
        try {
            return name.isEmpty() ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknownOrIllegal) {
            // Only the ASCII ".ics" ending matters, and every charset mail uses keeps ASCII as is.
            return StandardCharsets.UTF_8;
        }
    }
}
