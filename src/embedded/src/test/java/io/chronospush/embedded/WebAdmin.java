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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;

    WebAdmin(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** {@code GET pathAndQuery}, which must answer 200 with JSON. */
    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
        assertThat(response.statusCode()).as("GET " + pathAndQuery + " answered " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
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
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
