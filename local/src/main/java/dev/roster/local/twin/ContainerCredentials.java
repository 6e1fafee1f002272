package dev.roster.local.twin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container-credentials endpoint that Lambda gives a SnapStart function instead of key variables
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} plus {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). Each function gets
 * a token of its own; a request without a known token is refused, as Lambda's endpoint refuses it.
 */
final class ContainerCredentials implements AutoCloseable {

    static final String PATH = "/2021-04-23/credentials";

    private final HttpServer server;
    private final String accessKey;
    private final String secretKey;
    private final Duration lifetime;
    private final Map<String, AtomicInteger> servedByToken = new ConcurrentHashMap<>();

    ContainerCredentials(String accessKey, String secretKey, Duration lifetime) throws IOException {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.lifetime = lifetime;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext(PATH, this::serve);
        server.start();
    }

    /** AWS_CONTAINER_CREDENTIALS_FULL_URI. */
    String fullUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** A new AWS_CONTAINER_AUTHORIZATION_TOKEN, for one function. */
    String newToken() {
        String token = UUID.randomUUID().toString();
        servedByToken.put(token, new AtomicInteger());
        return token;
    }

    /** How many times the holder of this token fetched credentials. */
    int served(String token) {
        AtomicInteger count = servedByToken.get(token);
        return count == null ? 0 : count.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            AtomicInteger count = token == null ? null : servedByToken.get(token);
            byte[] body;
            int status;
            if (count == null || !"GET".equals(exchange.getRequestMethod())) {
                status = 403;
                body = "{\"message\":\"invalid or missing authorization token\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                count.incrementAndGet();
                status = 200;
                Instant expiration = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
                // The session token stands in for STS's: the emulators check only the key pair.
                body = ("{\"AccessKeyId\":\"" + accessKey + "\",\"SecretAccessKey\":\"" + secretKey
                        + "\",\"Token\":\"twin-session-" + token.substring(0, 8) + "\",\"Expiration\":\""
                        + expiration + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
