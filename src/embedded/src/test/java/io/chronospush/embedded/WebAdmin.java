package io.chronospush.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * James's webadmin on 127.0.0.1, called over HTTP as an operator calls it with curl: no James
 * class involved, so that what is tested is the route and what it does to the queue behind it.
 * (RestAssured, which James's BOM names, is not in the offline repository; the JDK's client is.)
 */
final class WebAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** HTTP/1.1, as curl speaks to it: to an h2c upgrade request, webadmin's Jetty can answer with an empty body. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String[] authorization;

    WebAdmin(int port) {
        this(URI.create("http://127.0.0.1:" + port), new String[0]);
    }

    private WebAdmin(URI base, String[] authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same webadmin, each request with {@code Authorization: Bearer token}, as when its JWT authentication is on. */
    WebAdmin withBearer(String token) {
        return new WebAdmin(base, new String[] {"Authorization", "Bearer " + token});
    }

    /** {@code method pathAndQuery} with {@code body}: the answer, whatever its status. */
    HttpResponse<String> call(String method, String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** {@code GET pathAndQuery}, which must succeed with JSON. */
    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return JSON.readTree(curl("GET", pathAndQuery));
    }

    /**
     * {@code method pathAndQuery} without a body, with {@code headers} (name, value, ...), as an
     * operator's curl sends it: the answer's body as it came, for the documentation's samples.
     * It must succeed (2xx).
     */
    String curl(String method, String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode() / 100).as(method + " " + pathAndQuery + " answered " + response.statusCode() + " " + response.body())
            .isEqualTo(2);
        return response.body();
    }

    /** {@code PATCH pathAndQuery} with a JSON body, which must answer {@code status}. */
    void patch(String pathAndQuery, String json, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as("PATCH " + pathAndQuery + " " + json + " answered " + response.body()).isEqualTo(status);
    }

    /** The size {@code GET /mailQueues/<queue>} reports. */
    long queueSize(String queue) throws IOException, InterruptedException {
        JsonNode size = get("/mailQueues/" + queue).path("size");
        assertThat(size.isNumber()).as("GET /mailQueues/" + queue + " has a size").isTrue();
        return size.asLong();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (authorization.length > 0) {
            request.headers(authorization);
        }
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
