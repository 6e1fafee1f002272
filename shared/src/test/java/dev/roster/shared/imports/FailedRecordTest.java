package dev.roster.shared.imports;

import dev.roster.shared.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a failed record keeps: its fields without any provider's secrets. */
class FailedRecordTest {

    @Test
    void theProvidersSecretFieldsAreNeverKept() {
        // GIVEN a record with Roster's, Auth0's, Keycloak's and an HMAC key's secret fields
        String record = "{\"username\":\"ann\",\"Password\":\"p\",\"Salt\":{},\"HmacKey\":{\"KeyValue\":\"k\"},"
                + "\"password_hash\":\"h\",\"passwordHash\":\"h\",\"custom_password_hash\":{},\"credentials\":[],"
                + "\"secretData\":\"s\",\"custom_password_hash.algorithm\":\"x\"}";

        // WHEN / THEN
        assertEquals("{\"username\":\"ann\"}", FailedRecord.of(Json.parseObject(record)));
    }
}
