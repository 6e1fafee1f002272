package dev.roster.shared.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;

/** What the jobs queue carries: only the job's address; the job record holds the rest. */
public record JobMessage(String userStoreId, String jobId) {

    public String toJson() {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("UserStoreId", userStoreId);
            gen.writeStringField("JobId", jobId);
            gen.writeEndObject();
        });
    }

    /** Parses a message body; IllegalArgumentException for anything that is not one of ours. */
    public static JobMessage fromJson(String body) {
        JsonNode node;
        try {
            node = Json.parseObject(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a job message");
        }
        JsonNode store = node.get("UserStoreId");
        JsonNode job = node.get("JobId");
        if (store == null || job == null || !store.isTextual() || !job.isTextual()) {
            throw new IllegalArgumentException("not a job message");
        }
        return new JobMessage(store.asText(), job.asText());
    }
}
