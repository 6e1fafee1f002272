package dev.roster.shared.imports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.imports.source.Auth0ImportRecords;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailedRecordSecretsTest {

    @Test
    void aFailedAuth0HmacRecordKeepsNeitherItsHashNorItsKey() {
        // GIVEN an Auth0 user with an hmac custom_password_hash, as the door and AUTH0_IMPORT map it
        JsonNode record = Auth0ImportRecords.map(Json.parseObject("{\"email\":\"a@example.com\",\"custom_password_hash\":"
                + "{\"algorithm\":\"hmac\",\"hash\":{\"value\":\"abcd\",\"digest\":\"sha256\",\"key\":{\"value\":\"k3y\"}},"
                + "\"salt\":{\"value\":\"s\"}}}")).record();

        // WHEN the record fails and is kept for the job's errors
        String kept = FailedRecord.of(record);

        // THEN the algorithm is kept (no secret), the hash, key and salt are not
        assertEquals("{\"Email\":\"a@example.com\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\"}", kept);
    }
}
