package dev.roster.local.twin;

import dev.roster.local.twin.IamActions.Permission;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of one emulator that records each request as the AWS calls IAM would check, attributed to
 * one principal (the function whose clients point here). Bytes pass through unchanged, the Host header included,
 * because SigV4 signatures cover it. Both directions are read as HTTP/1.1 messages only to find where each one ends
 * and to pair each request with its final response; an S3 body is streamed, never held (it may be gigabytes), while
 * a DynamoDB or SQS body is kept until it ends because the table or queue is named in it.
 *
 * <p>Each client connection gets its own upstream connection and two daemon threads, one per direction, so an
 * {@code Expect: 100-continue} request works: its head goes upstream at once, the server's interim 100 comes back,
 * and only then does the client send the body.
 */
public final class RecordingRelay implements AutoCloseable {

    /** Request and response heads larger than this are not HTTP from an AWS SDK: the connection is dropped. */
    private static final int MAX_HEAD_BYTES = 1024 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String principal;
    private final AwsService service;
    private final InetSocketAddress target;
    private final CallLog log;
    private final String region;
    private final String accountId;
    private final ServerSocket server;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RecordingRelay(String principal, AwsService service, InetSocketAddress target, CallLog log, String region,
                           String accountId, ServerSocket server) {
        this.principal = principal;
        this.service = service;
        this.target = target;
        this.log = log;
        this.region = region;
        this.accountId = accountId;
        this.server = server;
    }

    /** Listens on an ephemeral loopback port and relays to {@code target} (an http:// URI). */
    public static RecordingRelay start(String principal, AwsService service, URI target, CallLog log, String region,
                                       String accountId) {
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("the relay speaks plain HTTP to its target: " + target);
        }
        InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
        ServerSocket server;
        try {
            server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("the relay cannot listen", e);
        }
        RecordingRelay relay = new RecordingRelay(principal, service, address, log, region, accountId, server);
        daemon(relay::accept, "relay-" + principal + "-" + service.name().toLowerCase(Locale.ROOT)).start();
        return relay;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Stops accepting, closes every open connection and waits (briefly) until their calls are recorded. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        List<Connection> open = new ArrayList<>(connections);
        open.forEach(Connection::close);
        for (Connection connection : open) {
            connection.join();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("relay " + principal + "/" + service + " stopped accepting: " + e);
                }
                return;
            }
            Connection connection = new Connection(client);
            connections.add(connection);
            if (closed) {
                connection.close();
            }
            connection.start();
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One request in flight: recorded once both its permissions and its final status are known. */
    private final class Exchange {
        final String method;
        final String target;
        final Map<String, String> headers;
        /** Completed by the response side when it sees the final status: true when it switched protocols (101). */
        final CompletableFuture<Boolean> upgraded = new CompletableFuture<>();
        private List<Permission> permissions;
        private int status;
        private boolean answered;
        private boolean recorded;

        Exchange(String method, String target, Map<String, String> headers) {
            this.method = method;
            this.target = target;
            this.headers = headers;
        }

        /** @param body the whole body (DynamoDB, SQS), or null (S3) */
        synchronized void requestRead(byte[] body) {
            if (permissions != null) {
                return;
            }
            try {
                permissions = IamActions.of(service, method, target, headers, body, region, accountId);
            } catch (RuntimeException e) {
                // A mapping bug must not break the function's traffic; the call still shows, as unmapped.
                System.err.println("relay " + principal + ": cannot map " + method + " " + target + ": " + e);
                permissions = List.of(new Permission(
                        service.name().toLowerCase(Locale.ROOT) + ":" + IamActions.UNMAPPED, "*"));
            }
            recordIfComplete();
        }

        /**
         * The request's body never arrived whole (the client gave up mid-request): no complete, signed request
         * reached the service, so AWS would authorize nothing, and nothing is recorded. An S3 request is already
         * mapped from its head and stays.
         */
        synchronized void cutShort() {
            if (permissions == null) {
                permissions = List.of();
            }
            recordIfComplete();
        }

        synchronized void answered(int finalStatus) {
            if (answered) {
                return;
            }
            answered = true;
            status = finalStatus;
            upgraded.complete(finalStatus == 101);
            recordIfComplete();
        }

        private void recordIfComplete() {
            if (recorded || permissions == null || !answered) {
                return;
            }
            recorded = true;
            for (Permission permission : permissions) {
                try {
                    log.record(new AwsCall(principal, permission.action(), permission.resource(), status));
                } catch (RuntimeException e) {
                    System.err.println("relay " + principal + ": cannot record a call: " + e);
                }
            }
        }
    }

    /** A client connection, its upstream connection and the two threads pumping between them. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream = new Socket();
        /** Requests whose responses have not been forwarded completely, oldest first. */
        private final Deque<Exchange> pending = new ArrayDeque<>();
        private final Thread requests;
        private final Thread responses;

        Connection(Socket client) {
            this.client = client;
            String name = "relay-" + principal + "-" + client.getPort();
            this.requests = daemon(this::pumpRequests, name + "-requests");
            this.responses = daemon(this::pumpResponses, name + "-responses");
        }

        void start() {
            requests.start();
        }

        /** Runs on the request thread: the upstream connection is made before any request is read. */
        private void pumpRequests() {
            Exchange current = null;
            ByteArrayOutputStream body = null;
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
                responses.start();
                HttpInput in = new HttpInput(client.getInputStream());
                OutputStream out = upstream.getOutputStream();
                for (byte[] head = in.readHead(); head != null; head = in.readHead()) {
                    Head request = Head.parse(head);
                    current = new Exchange(request.method(), request.target(), request.headers());
                    synchronized (pending) {
                        // Queued before the server can see the request, so its response always finds it.
                        pending.addLast(current);
                    }
                    body = service == AwsService.S3 ? null : new ByteArrayOutputStream();
                    if (body == null) {
                        current.requestRead(null);
                    }
                    out.write(head);
                    out.flush();
                    boolean untilClose = copyBody(in, out, request.headers(), true, body);
                    if (body != null) {
                        current.requestRead(body.toByteArray());
                    }
                    Exchange sent = current;
                    current = null;
                    if (untilClose) {
                        break;
                    }
                    if (request.headers().containsKey("upgrade") && sent.upgraded.join()) {
                        // 101 Switching Protocols: no more HTTP/1.1 on this connection, only bytes.
                        in.copyToEnd(out);
                        break;
                    }
                }
                boolean idle;
                synchronized (pending) {
                    idle = pending.isEmpty();
                }
                if (idle) {
                    close();
                } else {
                    // The client stopped sending but awaits answers: let the server see the end of the requests.
                    upstream.shutdownOutput();
                }
            } catch (IOException | RuntimeException e) {
                close();
            } finally {
                if (current != null) {
                    current.cutShort();
                }
                // Whatever the response side did not answer (or all, when it never started) ends without a status.
                if (responses.getState() != Thread.State.NEW) {
                    joinQuietly(responses, 0);
                }
                finishPending();
                connections.remove(this);
            }
        }

        private void pumpResponses() {
            try {
                HttpInput in = new HttpInput(upstream.getInputStream());
                OutputStream out = client.getOutputStream();
                for (byte[] head = in.readHead(); head != null; head = in.readHead()) {
                    out.write(head);
                    out.flush();
                    Head response = Head.parse(head);
                    int status = response.status();
                    if (status >= 100 && status < 200 && status != 101) {
                        // Interim (100 Continue, 103 Early Hints): the final response is still to come.
                        continue;
                    }
                    Exchange exchange;
                    synchronized (pending) {
                        exchange = pending.peekFirst();
                    }
                    if (exchange != null) {
                        exchange.answered(status);
                    }
                    boolean untilClose;
                    if (status == 101) {
                        in.copyToEnd(out);
                        untilClose = true;
                    } else if (status == 204 || status == 304 || exchange != null && exchange.method.equals("HEAD")) {
                        untilClose = false;
                    } else {
                        untilClose = copyBody(in, out, response.headers(), false, null);
                    }
                    if (exchange != null) {
                        synchronized (pending) {
                            pending.pollFirst();
                        }
                    }
                    if (untilClose) {
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the connection broke: whatever was not answered is recorded without a status below
            } finally {
                close();
                finishPending();
            }
        }

        private void finishPending() {
            List<Exchange> unanswered;
            synchronized (pending) {
                unanswered = new ArrayList<>(pending);
                pending.clear();
            }
            unanswered.forEach(exchange -> exchange.answered(AwsCall.NO_RESPONSE));
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }

        /** After {@link #close()}: both threads end within moments, having recorded every call. */
        void join() {
            joinQuietly(requests, 2_000);
        }

        /** @param millis 0 waits as long as it takes */
        private static void joinQuietly(Thread thread, long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * Forwards one message body as it is framed (RFC 9112 section 6): chunked, Content-Length, or, for a response
     * with neither, everything until the connection closes (a request with neither has no body).
     *
     * @param kept receives the body's content (chunk data only, without framing), or null
     * @return true when the body ran until the connection closed
     */
    private static boolean copyBody(HttpInput in, OutputStream out, Map<String, String> headers, boolean request,
                                    OutputStream kept) throws IOException {
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null) {
            String[] codings = transferEncoding.toLowerCase(Locale.ROOT).split(",");
            if (!codings[codings.length - 1].trim().equals("chunked")) {
                in.copyToEnd(out);
                return true;
            }
            copyChunked(in, out, kept);
            return false;
        }
        String contentLength = headers.get("content-length");
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.split(",")[0].trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + contentLength);
            }
            in.copy(length, out, kept);
            return false;
        }
        if (request) {
            return false;
        }
        in.copyToEnd(out);
        return true;
    }

    private static void copyChunked(HttpInput in, OutputStream out, OutputStream kept) throws IOException {
        while (true) {
            String sizeLine = in.copyLine(out);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: " + sizeLine);
            }
            if (size == 0) {
                // Trailer fields, then the empty line that ends the message.
                while (!in.copyLine(out).isEmpty()) {
                    // forwarded as they are
                }
                out.flush();
                return;
            }
            in.copy(size, out, kept);
            in.copyLine(out);
        }
    }

    /** A request or status line with its header fields; names lower-case, repeated fields joined with commas. */
    private record Head(String method, String target, int status, Map<String, String> headers) {

        static Head parse(byte[] bytes) throws IOException {
            // Header bytes are ISO-8859-1 on the wire; non-ASCII in them is opaque to HTTP.
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            List<String> lines = new ArrayList<>(List.of(text.split("\r?\n")));
            while (!lines.isEmpty() && lines.get(0).isEmpty()) {
                lines.remove(0);
            }
            if (lines.isEmpty()) {
                throw new IOException("empty message head");
            }
            String[] start = lines.get(0).split(" ", 3);
            if (start.length < 2) {
                throw new IOException("not an HTTP start line: " + lines.get(0));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String last = null;
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) {
                    continue;
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                    headers.merge(last, line.trim(), (a, b) -> a + " " + b);
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("not a header field: " + line);
                }
                last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                headers.merge(last, line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            if (start[0].startsWith("HTTP/")) {
                int status;
                try {
                    status = Integer.parseInt(start[1]);
                } catch (NumberFormatException e) {
                    throw new IOException("not a status line: " + lines.get(0));
                }
                return new Head(null, null, status, headers);
            }
            return new Head(start[0].toUpperCase(Locale.ROOT), originForm(start[1]), 0, headers);
        }

        /** A request target in absolute form (http://host:port/path?query, as sent to proxies) as path and query. */
        private static String originForm(String target) {
            int scheme = target.indexOf("://");
            if (scheme < 0 || !target.regionMatches(true, 0, "http", 0, 4)) {
                return target;
            }
            int path = target.indexOf('/', scheme + 3);
            return path < 0 ? "/" : target.substring(path);
        }
    }

    /** Buffered reading of one direction of a connection, with every byte read also forwarded. */
    private static final class HttpInput {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;

        HttpInput(InputStream in) {
            this.in = in;
        }

        /** False at the end of the stream. */
        private boolean fill() throws IOException {
            if (position < limit) {
                return true;
            }
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        /**
         * Up to and including the empty line ending a message head (empty lines before the start line are kept
         * with it); null at a clean end of the stream, between messages.
         */
        byte[] readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
            boolean content = false;
            int last = -1;
            int beforeLast = -1;
            while (true) {
                if (!fill()) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new EOFException("the connection closed inside a message head");
                }
                int b = buffer[position++] & 0xff;
                head.write(b);
                if (b != '\r' && b != '\n') {
                    content = true;
                } else if (b == '\n' && content && (last == '\n' || last == '\r' && beforeLast == '\n')) {
                    return head.toByteArray();
                }
                if (head.size() > MAX_HEAD_BYTES) {
                    throw new IOException("message head over " + MAX_HEAD_BYTES + " bytes");
                }
                beforeLast = last;
                last = b;
            }
        }

        /** One line (chunk size, trailer), forwarded with its line ending; returned without it. */
        String copyLine(OutputStream out) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(32);
            while (true) {
                if (!fill()) {
                    throw new EOFException("the connection closed inside a chunked body");
                }
                int b = buffer[position++] & 0xff;
                out.write(b);
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
                if (line.size() > MAX_HEAD_BYTES) {
                    throw new IOException("line over " + MAX_HEAD_BYTES + " bytes");
                }
            }
        }

        void copy(long length, OutputStream out, OutputStream kept) throws IOException {
            long remaining = length;
            while (remaining > 0) {
                if (!fill()) {
                    throw new EOFException("the connection closed " + remaining + " bytes before the body's end");
                }
                int n = (int) Math.min(remaining, limit - position);
                out.write(buffer, position, n);
                if (kept != null) {
                    kept.write(buffer, position, n);
                }
                position += n;
                remaining -= n;
            }
            out.flush();
        }

        void copyToEnd(OutputStream out) throws IOException {
            while (fill()) {
                out.write(buffer, position, limit - position);
                out.flush();
                position = limit;
            }
        }
    }
}
