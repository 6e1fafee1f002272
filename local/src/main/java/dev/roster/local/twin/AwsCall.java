package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One AWS call as IAM sees it: who made it (the function's logical id in template.yaml), the IAM action and the
 * resource ARN it needs, and the HTTP status the emulator answered (-1 when no response was seen, e.g. the
 * connection closed first). A request that needs several permissions (a transaction, a copy) is several calls.
 */
public record AwsCall(String principal, String action, String resource, int status) {

    public static final int NO_RESPONSE = -1;

    public AwsCall {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }

    /** One line of JSON: {"principal":..,"action":..,"resource":..,"status":..}. */
    public String toJson() {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("principal", principal);
            gen.writeStringField("action", action);
            gen.writeStringField("resource", resource);
            gen.writeNumberField("status", status);
            gen.writeEndObject();
        });
    }

    public static AwsCall fromJson(String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a recorded AWS call: " + line, e);
        }
        if (node == null || !node.isObject() || !node.path("principal").isTextual() || !node.path("action").isTextual()
                || !node.path("resource").isTextual() || !node.path("status").isInt()) {
            throw new IllegalArgumentException("not a recorded AWS call: " + line);
        }
        return new AwsCall(node.get("principal").asText(), node.get("action").asText(), node.get("resource").asText(),
                node.get("status").asInt());
    }

    @Override
    public String toString() {
        return principal + " " + action + " " + resource + " " + status;
    }
}
