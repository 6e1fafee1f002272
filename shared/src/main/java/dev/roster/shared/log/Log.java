package dev.roster.shared.log;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one logger: a JSON line per event on standard output, which Lambda sends to the function's log group (and
 * CloudWatch Logs Insights reads as fields). Each line carries the keys of the work in hand (RequestId, UserStoreId,
 * JobId) that the code around it set with {@link #with}, so one id finds every line of a request or a job.
 * <p>Never log a request body, a password, a hash, a token or a secret: the messages name things by id.
 */
public final class Log {

    public static final String REQUEST_ID = "RequestId";
    public static final String USER_STORE_ID = "UserStoreId";
    public static final String JOB_ID = "JobId";

    private static final int MAX_TRACE_LINES = 12;
    private static final ThreadLocal<Map<String, String>> CONTEXT = ThreadLocal.withInitial(LinkedHashMap::new);
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    /** Keys held until the returned scope closes (then the previous values come back). */
    public static Scope with(String key, String value) {
        return with(Map.of(key, value == null ? "" : value));
    }

    public static Scope with(String key1, String value1, String key2, String value2) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(key1, value1);
        keys.put(key2, value2);
        return with(keys);
    }

    private static Scope with(Map<String, String> keys) {
        Map<String, String> context = CONTEXT.get();
        Map<String, String> previous = new LinkedHashMap<>(context);
        keys.forEach((key, value) -> {
            if (value != null && !value.isEmpty()) {
                context.put(key, value);
            }
        });
        return () -> {
            context.clear();
            context.putAll(previous);
        };
    }

    /** Closes a {@link #with} without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static void info(String message) {
        write("INFO", message, null);
    }

    /** Something went wrong and was handled (retried later, or left to a lifecycle rule). */
    public static void warn(String message, Throwable cause) {
        write("WARN", message, cause);
    }

    /** A failure an operator must look at; the stack trace goes with it. */
    public static void error(String message, Throwable cause) {
        write("ERROR", message, cause);
    }

    /** For tests that read what was logged. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    private static void write(String level, String message, Throwable cause) {
        String line = Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("timestamp", Instant.now().toString());
            gen.writeStringField("level", level);
            gen.writeStringField("message", message);
            for (Map.Entry<String, String> key : CONTEXT.get().entrySet()) {
                gen.writeStringField(key.getKey(), key.getValue());
            }
            if (cause != null) {
                writeCause(gen, level, cause);
            }
            gen.writeEndObject();
        });
        out.println(line);
    }

    private static void writeCause(JsonGenerator gen, String level, Throwable cause) throws IOException {
        gen.writeStringField("error", cause.getClass().getName());
        gen.writeStringField("errorMessage", String.valueOf(cause.getMessage()));
        if (level.equals("ERROR")) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            // The frames that locate the failure; the test runner's or Lambda runtime's frames below them do not.
            String[] lines = trace.toString().split("\n", MAX_TRACE_LINES + 1);
            gen.writeStringField("stackTrace", String.join("\n",
                    java.util.Arrays.copyOf(lines, Math.min(lines.length, MAX_TRACE_LINES))));
        }
    }
}
