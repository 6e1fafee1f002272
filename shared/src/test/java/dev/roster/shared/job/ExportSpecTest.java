package dev.roster.shared.job;

import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExportSpecTest {

    /** 2026-11-23T13:00:00Z. */
    private static final long CREATED = 1_795_438_800_000L;

    private static List<Object> values(ExportSpec spec, User user) {
        return spec.columns().stream().map(c -> c.value().apply(user)).toList();
    }

    @Test
    void aColumnsFormatAndPrefixAreStoredAndApplyToItsValuesOnly() {
        // GIVEN columns in ISO-8601, with a prefix, and as read; a user without a user name
        ExportSpec spec = new ExportSpec(ExportSpec.NDJSON, List.of(), List.of(
                ExportSpec.column("CreatedDate", "created_at", ExportSpec.ISO_8601, null),
                ExportSpec.column("UserId", "user_id", null, "auth0|"),
                ExportSpec.column("UserName", "username", null, "x-"),
                ExportSpec.column("LastModifiedDate", "updated")), null);
        User user = User.builder("demo", "u1").email("a@example.com").createdAt(CREATED).lastModifiedDate(CREATED)
                .build();

        // WHEN the spec is stored and read back, as the worker reads it
        ExportSpec read = ExportSpec.fromStored(spec.toStored());

        // THEN each value is written as asked, a missing one stays null, and the unformatted column is as it was
        List<Object> expected = Arrays.asList("2026-11-23T13:00:00.000Z", "auth0|u1", null, CREATED);
        assertEquals(expected, values(spec, user));
        assertEquals(expected, values(read, user));
    }

    @Test
    void anUnknownFormatIsAProgrammingError() {
        // WHEN / THEN
        assertThrows(IllegalArgumentException.class, () -> ExportSpec.column("CreatedDate", "c", "RFC_1123", null));
    }
}
