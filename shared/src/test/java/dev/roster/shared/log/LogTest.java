package dev.roster.shared.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Log.redirect(System.out);
    }

    private JsonNode lastLine() {
        String[] lines = written.toString(StandardCharsets.UTF_8).split("\n");
        return Json.parseObject(lines[lines.length - 1]);
    }

    @Test
    void aLineIsOneJsonObjectCarryingTheKeysOfTheWorkInHand() {
        // GIVEN a job's keys set around the work
        Log.redirect(new PrintStream(written, true, StandardCharsets.UTF_8));
        try (Log.Scope job = Log.with(Log.USER_STORE_ID, "store-1", Log.JOB_ID, "0123")) {
            // WHEN something is logged inside it
            Log.warn("Could not delete the file", new IllegalStateException("S3 said no"));
        }

        // THEN the line is JSON with the level, the message, the keys and the error, and no stack trace for a warning
        JsonNode line = lastLine();
        assertEquals("WARN", line.get("level").asText());
        assertEquals("Could not delete the file", line.get("message").asText());
        assertEquals("store-1", line.get("UserStoreId").asText());
        assertEquals("0123", line.get("JobId").asText());
        assertEquals("java.lang.IllegalStateException", line.get("error").asText());
        assertEquals("S3 said no", line.get("errorMessage").asText());
        assertFalse(line.has("stackTrace"));
    }

    @Test
    void aScopeRestoresTheKeysOfTheScopeAroundIt() {
        // GIVEN a request scope with a job scope inside it that has closed
        Log.redirect(new PrintStream(written, true, StandardCharsets.UTF_8));
        try (Log.Scope request = Log.with(Log.REQUEST_ID, "req-1")) {
            try (Log.Scope job = Log.with(Log.JOB_ID, "job-1")) {
                Log.info("inside");
            }
            // WHEN an error is logged after it
            Log.error("after", new RuntimeException("boom"));
        }
        Log.info("outside");

        // THEN the error carries only the request's key, with its stack trace; the line outside carries none
        String[] lines = written.toString(StandardCharsets.UTF_8).split("\n");
        JsonNode error = Json.parseObject(lines[1]);
        assertEquals("req-1", error.get("RequestId").asText());
        assertFalse(error.has("JobId"));
        assertTrue(error.get("stackTrace").asText().startsWith("java.lang.RuntimeException: boom"));
        JsonNode outside = Json.parseObject(lines[2]);
        assertFalse(outside.has("RequestId"));
        assertEquals("job-1", Json.parseObject(lines[0]).get("JobId").asText());
    }
}
