package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client of the local API, as a user's code would call it. */
final class ApiClient {

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String errorCode() {
            return body == null || !body.has("Error") ? null : body.get("Error").get("Code").asText();
        }

        JsonNode user() {
            return body.get("User");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Reply send(String method, String path, String body, String... headers) {
        return send(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                headers);
    }

    /** Sends the body's bytes as they are: they need not be UTF-8. */
    Reply send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isEmpty() ? null : Json.MAPPER.readTree(text);
            return new Reply(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    Reply get(String path) {
        return send("GET", path, (String) null);
    }

    Reply patch(String path, String body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, (String) null, headers);
    }
}
