package dev.roster.local.twin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API of one execution environment, as the Lambda service serves it to the runtime inside:
 * {@code invocation/next} hands out one event at a time, {@code response} and {@code error} answer it, {@code
 * init/error} reports a failed init, and under SnapStart {@code restore/next} tells a restored runtime to go on.
 * The runtime interface client in the function's JVM is the only client.
 */
final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** The function answered with an error (Lambda's "Unhandled" function error). */
    static final class FunctionError extends RuntimeException {
        FunctionError(String type, String payload) {
            super(type + ": " + payload, null, false, false);
        }
    }

    private record Invocation(String requestId, byte[] payload, long deadlineMillis,
                              CompletableFuture<byte[]> result) {
    }

    private final HttpServer server;
    private final String functionArn;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean snapshotTaken;

    RuntimeApi(String functionArn) throws IOException {
        this.functionArn = functionArn;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        // invocation/next long-polls, so each request gets a thread of its own.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(PREFIX, this::serve);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes when the runtime first asks for work: init (and, under SnapStart, restore) is over. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Whether the runtime went through SnapStart's checkpoint and restore. */
    boolean snapshotTaken() {
        return snapshotTaken;
    }

    /** Hands the event to the runtime; completes with the function's response or a {@link FunctionError}. */
    CompletableFuture<byte[]> invoke(byte[] payload, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        pending.add(invocation);
        return invocation.result();
    }

    /** Fails whatever is pending or running (the environment died). */
    void abandon(String reason) {
        ready.completeExceptionally(new IllegalStateException(reason));
        RuntimeException failure = new FunctionError("Runtime.ExitError", reason);
        running.values().forEach(i -> i.result().completeExceptionally(failure));
        running.clear();
        for (Invocation i = pending.poll(); i != null; i = pending.poll()) {
            i.result().completeExceptionally(failure);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (method.equals("GET") && path.equals("invocation/next")) {
                ready.complete(null);
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                Invocation invocation = running.remove(path.split("/")[1]);
                if (invocation != null) {
                    invocation.result().complete(body);
                }
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                Invocation invocation = running.remove(path.split("/")[1]);
                if (invocation != null) {
                    invocation.result().completeExceptionally(new FunctionError(errorType(exchange),
                            new String(body, StandardCharsets.UTF_8)));
                }
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                ready.completeExceptionally(new FunctionError(errorType(exchange),
                        path + ": " + new String(body, StandardCharsets.UTF_8)));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("GET") && path.equals("restore/next")) {
                // SnapStart: the runtime ran its beforeCheckpoint hooks; the "snapshot" is this very process,
                // restored at once. Lambda answers 200 with an empty body.
                snapshotTaken = true;
                send(exchange, 200, "");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown runtime API call " + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Invocation invocation;
        try {
            invocation = pending.poll(365, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (invocation == null) {
            return;
        }
        running.put(invocation.requestId(), invocation);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                        + UUID.randomUUID().toString().replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, invocation.payload().length == 0 ? -1 : invocation.payload().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.payload());
        }
    }

    private static String errorType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return type == null ? "Unhandled" : type;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        abandon("the execution environment was shut down");
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
