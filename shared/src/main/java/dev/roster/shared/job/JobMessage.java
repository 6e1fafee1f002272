package dev.roster.shared.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;

/**
 * What the jobs queue carries: only the job's address, and which segment of a long job it starts (0 for the first;
 * a checkpointed export continues in segment 1, 2, ...). The job record holds the rest. S3's notification that an
 * import file arrived also carries the file's ETag ({@code inputETag}, unquoted; null in our own messages): the job
 * it starts reads that version of the file and no other.
 */
public record JobMessage(String userStoreId, String jobId, int segment, String inputETag) {

    public JobMessage(String userStoreId, String jobId) {
        this(userStoreId, jobId, 0);
    }

    public JobMessage(String userStoreId, String jobId, int segment) {
        this(userStoreId, jobId, segment, null);
    }

    public String toJson() {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("UserStoreId", userStoreId);
            gen.writeStringField("JobId", jobId);
            if (segment > 0) {
                gen.writeNumberField("Segment", segment);
            }
            gen.writeEndObject();
        });
    }

    /**
     * Parses a message body: ours, or S3's notification that an import file arrived (its key names the store and
     * job: {@code imports/<store>/<job>/users.ndjson}). IllegalArgumentException for anything else.
     */
    public static JobMessage fromJson(String body) {
        JsonNode node;
        try {
            node = Json.parseObject(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a job message");
        }
        JsonNode records = node.get("Records");
        if (records != null && records.isArray() && !records.isEmpty()) {
            JsonNode object = records.get(0).path("s3").path("object");
            String key = java.net.URLDecoder.decode(object.path("key").asText(""),
                    java.nio.charset.StandardCharsets.UTF_8);
            String[] parts = key.split("/");
            if (parts.length == 4 && parts[0].equals("imports") && parts[3].equals("users.ndjson")) {
                String eTag = object.path("eTag").isTextual() ? ImportFiles.unquoted(object.get("eTag").asText()) : null;
                return new JobMessage(parts[1], parts[2], 0, eTag == null || eTag.isEmpty() ? null : eTag);
            }
            throw new IllegalArgumentException("not an import file notification");
        }
        JsonNode store = node.get("UserStoreId");
        JsonNode job = node.get("JobId");
        if (store == null || job == null || !store.isTextual() || !job.isTextual()) {
            throw new IllegalArgumentException("not a job message");
        }
        JsonNode segment = node.get("Segment");
        return new JobMessage(store.asText(), job.asText(),
                segment != null && segment.canConvertToInt() ? Math.max(0, segment.asInt()) : 0);
    }
}
