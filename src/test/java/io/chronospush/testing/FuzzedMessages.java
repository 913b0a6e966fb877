package io.chronospush.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzz inputs for the matcher and the payload builder (jqwik): a mail of the test corpus
 * ({@code corpus/} and {@code mime/}), then up to five mutations of its boundaries, headers,
 * encodings, line ends, nesting and length. Each input remembers how it was made, so a failing
 * one is reported (and shrunk by jqwik) as its seed and mutations, not as megabytes of bytes.
 */
public final class FuzzedMessages {
    private static final List<Seed> SEEDS = loadSeeds();
    private static final String CRLF = "\r\n";
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\r\\n]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_MUTATIONS = 5;
    /** Deeper than the detector's nesting cap (100), so that the cap itself is fuzzed too. */
    private static final int MAX_WRAPPING = 150;
    private static final int MAX_LONG_LINE = 256 * 1024;
    private static final int LARGE = 1024 * 1024;

    /** Fragments that MIME parsers and JSON escaping find interesting, inserted anywhere. */
    private static final List<byte[]> TOKENS = Stream.of(
        bytes(CRLF), bytes("\r"), bytes("\n"), bytes(CRLF + CRLF), bytes(CRLF + " "), bytes(":"), bytes(";"), bytes("\""), bytes("\\"),
        bytes("=?"), bytes("?="), bytes("--"), bytes("--" + CRLF), bytes("\u0000"),
        bytes("Content-Type: text/calendar" + CRLF),
        bytes("Content-Type: TEXT/Calendar; method=REQUEST; charset=\"utf-8" + CRLF),
        bytes("Content-Type: multipart/mixed; boundary=\"fz\"" + CRLF + CRLF + "--fz" + CRLF),
        bytes("Content-Type: multipart/alternative; boundary=" + CRLF),
        bytes("--fz--" + CRLF),
        bytes("Content-Type: message/rfc822" + CRLF + CRLF),
        bytes("Content-Disposition: attachment; filename=\"invite.ics\"" + CRLF),
        bytes("Content-Disposition: attachment; filename*0*=UTF-8''inv%; filename*1=ite.ics" + CRLF),
        bytes("Content-Disposition: attachment; filename*=UTF-8''%E2%82" + CRLF),
        bytes("Content-Type: application/octet-stream; name=\"=?UTF-8?B?aW52aXRlLmljcw==?=\"" + CRLF),
        bytes("Content-Type: application/octet-stream; name=\"=?UTF-8?Q?invite=2Eics?=\"" + CRLF),
        bytes("Content-Type: application/octet-stream; name==?x?Q?=" + CRLF),
        bytes("Content-Transfer-Encoding: base64" + CRLF + CRLF + "QkVHSU46VkNBTEVOREFS=!" + CRLF),
        bytes("Content-Transfer-Encoding: quoted-printable" + CRLF + CRLF + "=ZZ=" + CRLF),
        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC3},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB3, (byte) 0x85},
        new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x93, (byte) 0x85}, new byte[] {(byte) 0xF0, (byte) 0x9F},
        new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xA8}, new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xA9},
        new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})
        .collect(Collectors.toList());

    private FuzzedMessages() {
    }

    /** A corpus mail, by name. */
    public static final class Seed {
        final String name;
        final byte[] bytes;

        Seed(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }
    }

    /** What a mutation does; its three numbers choose where, what and how much. */
    public enum Kind {
        TRUNCATE, DELETE_SLICE, DUPLICATE_SLICE, INSERT_TOKEN, SET_BYTE, SPLICE_OTHER_SEED,
        BOUNDARY, LINE_ENDS, EIGHT_BIT_HEADER, LONG_LINE, WRAP_IN_MULTIPARTS, WRAP_IN_MESSAGES
    }

    /** One mutation, applied to the bytes the previous ones left. */
    public record Mutation(Kind kind, int a, int b, int c) {
        byte[] apply(byte[] in) {
            switch (kind) {
                case TRUNCATE:
                    return java.util.Arrays.copyOf(in, a % (in.length + 1));
                case DELETE_SLICE: {
                    int from = a % (in.length + 1);
                    int to = Math.min(in.length, from + b % 4096);
                    return concat(slice(in, 0, from), slice(in, to, in.length));
                }
                case DUPLICATE_SLICE: {
                    int from = a % (in.length + 1);
                    int to = Math.min(in.length, from + b % 4096);
                    int times = 1 + c % 8;
                    byte[] piece = slice(in, from, to);
                    byte[] repeated = new byte[piece.length * times];
                    for (int i = 0; i < times; i++) {
                        System.arraycopy(piece, 0, repeated, i * piece.length, piece.length);
                    }
                    return concat(slice(in, 0, to), repeated, slice(in, to, in.length));
                }
                case INSERT_TOKEN: {
                    int at = position(in, a, c % 2 == 0);
                    return concat(slice(in, 0, at), TOKENS.get(b % TOKENS.size()), slice(in, at, in.length));
                }
                case SET_BYTE: {
                    if (in.length == 0) {
                        return new byte[] {(byte) b};
                    }
                    byte[] out = in.clone();
                    out[a % in.length] = (byte) b;
                    return out;
                }
                case SPLICE_OTHER_SEED: {
                    byte[] other = SEEDS.get(b % SEEDS.size()).bytes;
                    int from = c % (other.length + 1);
                    int at = position(in, a, true);
                    return concat(slice(in, 0, at), slice(other, from, Math.min(other.length, from + 8192)), slice(in, at, in.length));
                }
                case BOUNDARY:
                    return boundary(in);
                case LINE_ENDS:
                    return lineEnds(in);
                case EIGHT_BIT_HEADER: {
                    int headerEnd = Math.max(0, indexOf(in, bytes(CRLF + CRLF)));
                    int at = headerEnd == 0 ? 0 : a % headerEnd;
                    byte[] eightBit = new byte[1 + c % 16];
                    for (int i = 0; i < eightBit.length; i++) {
                        eightBit[i] = (byte) (0x80 | ((b >>> i) + i * 37));
                    }
                    return concat(slice(in, 0, at), eightBit, slice(in, at, in.length));
                }
                case LONG_LINE: {
                    int at = position(in, a, true);
                    byte[] line = new byte[b % MAX_LONG_LINE];
                    java.util.Arrays.fill(line, c % 2 == 0 ? (byte) 'x' : (byte) ' ');
                    byte[] header = c % 3 == 0 ? bytes("X-Long: ") : new byte[0];
                    return concat(slice(in, 0, at), header, line, slice(in, at, in.length));
                }
                case WRAP_IN_MULTIPARTS: {
                    int levels = 1 + a % MAX_WRAPPING;
                    StringBuilder head = new StringBuilder();
                    StringBuilder tail = new StringBuilder();
                    for (int level = 0; level < levels; level++) {
                        head.append("Content-Type: multipart/mixed; boundary=\"w").append(level).append('"').append(CRLF).append(CRLF)
                            .append("--w").append(level).append(CRLF);
                        tail.insert(0, CRLF + "--w" + level + "--" + CRLF);
                    }
                    return concat(bytes(head.toString()), in, b % 4 == 0 ? new byte[0] : bytes(tail.toString()));
                }
                case WRAP_IN_MESSAGES:
                    return concat(bytes(("Content-Type: message/rfc822" + CRLF + CRLF).repeat(1 + a % MAX_WRAPPING)), in);
                default:
                    throw new IllegalStateException(kind.toString());
            }
        }

        /** Breaks one multipart's delimiters: drops, closes early, doubles one, or shortens the declared boundary. */
        private byte[] boundary(byte[] in) {
            String text = new String(in, StandardCharsets.ISO_8859_1);
            List<String> boundaries = new ArrayList<>();
            Matcher matcher = BOUNDARY.matcher(text);
            while (matcher.find()) {
                boundaries.add(matcher.group(1));
            }
            if (boundaries.isEmpty()) {
                return in;
            }
            String boundary = boundaries.get(a % boundaries.size());
            String delimiter = "--" + boundary;
            List<Integer> at = new ArrayList<>();
            for (int index = text.indexOf(delimiter); index >= 0; index = text.indexOf(delimiter, index + 1)) {
                at.add(index);
            }
            if (at.isEmpty()) {
                return in;
            }
            int chosen = at.get(b % at.size());
            switch (c % 4) {
                case 0:
                    return bytes(text.substring(0, chosen) + text.substring(chosen + delimiter.length()));
                case 1:
                    return bytes(text.substring(0, chosen) + delimiter + "--" + text.substring(chosen + delimiter.length()));
                case 2:
                    return bytes(text.substring(0, chosen) + delimiter + CRLF + text.substring(chosen));
                default:
                    return bytes(text.replace("boundary=\"" + boundary + "\"", "boundary=\"" + boundary.substring(0, boundary.length() - 1) + "\"")
                        .replace("boundary=" + boundary, "boundary=" + boundary.substring(0, boundary.length() - 1)));
            }
        }

        /** Every CRLF becomes bare LF, bare CR, nothing, or CR CR LF. */
        private byte[] lineEnds(byte[] in) {
            String text = new String(in, StandardCharsets.ISO_8859_1);
            String[] replacements = {"\n", "\r", "", "\r\r\n"};
            return bytes(text.replace(CRLF, replacements[c % replacements.length]));
        }
    }

    /** A seed and the mutations made to it; {@link #bytes()} is the message. */
    public static final class Input {
        private final Seed seed;
        private final List<Mutation> mutations;
        private byte[] bytes;

        Input(Seed seed, List<Mutation> mutations) {
            this.seed = seed;
            this.mutations = mutations;
        }

        public synchronized byte[] bytes() {
            if (bytes == null) {
                byte[] message = seed.bytes;
                for (Mutation mutation : mutations) {
                    message = mutation.apply(message);
                }
                bytes = message;
            }
            return bytes;
        }

        @Override
        public String toString() {
            return seed.name + " with " + mutations + " (" + bytes().length + " bytes)";
        }
    }

    /**
     * Corpus mails with up to five mutations each. The two mails over a megabyte come up an eighth
     * as often as the others: they are in every long run, without making the short run slow.
     */
    public static Arbitrary<Input> mutatedCorpusMails() {
        Arbitrary<Seed> seeds = Arbitraries.frequency(SEEDS.stream()
            .map(seed -> Tuple.of(seed.bytes.length > LARGE ? 1 : 8, seed))
            .collect(Collectors.toList()));
        Arbitrary<Integer> number = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.class), number, number, number).as(Mutation::new);
        return Combinators.combine(seeds, mutation.list().ofMaxSize(MAX_MUTATIONS)).as(Input::new);
    }

    /**
     * Short messages made of the tokens above and of arbitrary bytes, in any order: every UTF-8
     * edge (invalid, overlong, CESU surrogates, U+2028/U+2029, 4-byte) next to every other.
     */
    public static Arbitrary<Input> byteSoup() {
        Arbitrary<Integer> number = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Kind.INSERT_TOKEN, Kind.SET_BYTE, Kind.DUPLICATE_SLICE),
            number, number, number).as(Mutation::new);
        return mutation.list().ofMaxSize(40).map(mutations -> new Input(new Seed("nothing", new byte[0]), mutations));
    }

    /** How many corpus mails seed the fuzzing. */
    public static int seedCount() {
        return SEEDS.size();
    }

    private static List<Seed> loadSeeds() {
        try {
            Path corpus = Path.of(FuzzedMessages.class.getResource("/corpus/SOURCES.tsv").toURI()).getParent();
            Path mime = Path.of(FuzzedMessages.class.getResource("/mime/SOURCES.md").toURI()).getParent();
            List<Seed> seeds = new ArrayList<>();
            for (Path folder : List.of(corpus, mime)) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.filter(file -> file.toString().endsWith(".eml")).sorted().collect(Collectors.toList())) {
                        seeds.add(new Seed(folder.getParent().relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file)));
                    }
                }
            }
            return List.copyOf(seeds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code raw} modulo the length, moved to the next line start when {@code atLineStart}. */
    private static int position(byte[] in, int raw, boolean atLineStart) {
        int at = raw % (in.length + 1);
        if (atLineStart) {
            while (at < in.length && at > 0 && in[at - 1] != '\n') {
                at++;
            }
        }
        return at;
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] slice(byte[] in, int from, int to) {
        return java.util.Arrays.copyOfRange(in, from, to);
    }

    private static byte[] concat(byte[]... pieces) {
        int length = 0;
        for (byte[] piece : pieces) {
            length += piece.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, out, at, piece.length);
            at += piece.length;
        }
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
