package dev.roster.shared.compat.auth0;

import dev.roster.shared.export.UserExportWriter;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Metadata in Auth0's export lines: objects of typed values in json, flattened cells in csv. */
class Auth0ExportLinesTest {

    private static final User USER = User.builder("demo", "0123456789abcdef0123456789abcdef")
            .email("ann@example.com").createdAt(1_700_000_000_000L)
            .customAttributes(List.of(new CustomAttribute("plan", "gold", "STRING"),
                    new CustomAttribute("seats", "12", "NUMBER"), new CustomAttribute("trial", "false", "BOOLEAN")))
            .appMetadata("{\"roles\":[\"admin\"],\"tier\":2}").build();

    private static String exported(String request) throws Exception {
        // The spec goes through its stored form, as the worker reads it.
        ExportSpec spec = ExportSpec.fromStored(Auth0Jobs.toExportSpec(Json.parseObject(request)).toStored());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (UserExportWriter writer = UserExportWriter.of(spec, out)) {
            writer.write(USER);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonExportWritesMetadataAsObjectsOfTypedValues() throws Exception {
        // GIVEN a user with typed custom attributes and app metadata
        // WHEN it is exported as json with the whole metadata objects and single keys
        String line = exported("{\"format\":\"json\",\"fields\":[{\"name\":\"email\"},{\"name\":\"user_metadata\"},"
                + "{\"name\":\"app_metadata\"},{\"name\":\"user_metadata.seats\"},{\"name\":\"app_metadata.tier\"}]}");

        // THEN numbers and booleans keep their types, objects stay objects
        assertEquals(Json.parseObject("{\"email\":\"ann@example.com\","
                + "\"user_metadata\":{\"plan\":\"gold\",\"seats\":12,\"trial\":false},"
                + "\"app_metadata\":{\"roles\":[\"admin\"],\"tier\":2},"
                + "\"user_metadata.seats\":12,\"app_metadata.tier\":2}"), Json.parseObject(line.strip()));
    }

    @Test
    void aCsvExportFlattensMetadataKeysIntoCells() throws Exception {
        // GIVEN the same user
        // WHEN it is exported as csv with single metadata keys, as Auth0 documents them for csv
        String file = exported("{\"format\":\"csv\",\"fields\":[{\"name\":\"user_metadata.plan\"},"
                + "{\"name\":\"user_metadata.trial\"},{\"name\":\"app_metadata.tier\"}]}");

        // THEN each cell holds the value's text, not its JSON
        assertEquals("user_metadata.plan,user_metadata.trial,app_metadata.tier\r\ngold,false,2\r\n", file);
    }

    @Test
    void theJobShowsTheMetadataFieldsAsTheyWereAskedFor() {
        // GIVEN an export spec with metadata fields
        ExportSpec spec = Auth0Jobs.toExportSpec(Json.parseObject("{\"fields\":[{\"name\":\"user_metadata\"},"
                + "{\"name\":\"app_metadata.tier\",\"export_as\":\"tier\"}]}"));

        // WHEN / THEN its columns read back under Auth0's names
        assertEquals(List.of("CustomAttributes", "AppMetadata.tier"),
                spec.columns().stream().map(ExportSpec.Column::code).toList());
        assertEquals(List.of("user_metadata", "tier"),
                spec.columns().stream().map(ExportSpec.Column::name).toList());
    }
}
