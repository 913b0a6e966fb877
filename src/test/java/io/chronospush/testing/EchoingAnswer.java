package io.chronospush.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;

/**
 * An endpoint, or a proxy in front of it, whose error page echoes the request: the Authorization
 * header first, then what it decodes to, then the whole request head on several lines, padded
 * beyond what any log line should quote. The Authorization value comes back in the
 * {@code WWW-Authenticate} and {@code Retry-After} headers too. Header values carry no line
 * break, nor the decoded password: HttpClient's header log, which the README says never to
 * enable, would show them whatever the mailet does.
 *
 * <p>It keeps every response it sent, as text, so that a test can show the secrets really came
 * back before it shows that none of them reached a log.
 */
public final class EchoingAnswer implements RecordingEndpoint.Answer {
    private static final String CRLF = "\r\n";
    private static final int BODY_LENGTH = 4096;

    private final int code;
    private final List<String> sent = new CopyOnWriteArrayList<>();

    public EchoingAnswer(int code) {
        this.code = code;
    }

    @Override
    public void answer(HttpExchange exchange, int requestNumber) throws IOException {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String head = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getProtocol() + CRLF
            + exchange.getRequestHeaders().entrySet().stream()
                .map(header -> header.getKey() + ": " + String.join(", ", header.getValue()))
                .collect(Collectors.joining(CRLF));
        String body = code + " you sent: Authorization: " + authorization + " (that is " + decoded(authorization) + ")" + CRLF
            + head + CRLF + CRLF;
        body = body + "x".repeat(Math.max(0, BODY_LENGTH - body.length()));
        Map<String, String> headers = Map.of(
            "WWW-Authenticate", "Basic realm=\"you sent " + head.replace(CRLF, "; ").replace("\"", "'") + "\"",
            "Retry-After", authorization);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        sent.add(code + CRLF + headers.entrySet().stream().map(header -> header.getKey() + ": " + header.getValue())
            .collect(Collectors.joining(CRLF)) + CRLF + CRLF + body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String decoded(String authorization) {
        if (!authorization.startsWith("Basic ")) {
            return "no credentials";
        }
        return new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
    }

    /** Every response sent so far: status, headers and body, as text. */
    public String sent() {
        return String.join(CRLF + CRLF, sent);
    }
}
