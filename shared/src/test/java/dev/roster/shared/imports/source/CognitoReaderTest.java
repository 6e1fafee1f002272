package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.ImportUserInput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import static dev.roster.shared.imports.source.SourceFiles.readAll;
import static dev.roster.shared.imports.source.SourceFiles.sample;
import static dev.roster.shared.imports.source.SourceFiles.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CognitoReaderTest {

    private static JsonNode json(String text) {
        return Json.parseObject(text);
    }

    private static List<Long> failedNumbers(List<SourceRecord> records) {
        return records.stream().filter(r -> r.error() != null).map(SourceRecord::number).toList();
    }

    @Test
    void listUsersOutputBecomesImportUsersWithoutPasswords() throws IOException {
        // GIVEN the sample `aws cognito-idp list-users` output: 12 users
        List<SourceRecord> records = readAll(SourceFormat.COGNITO, sample("cognito-list-users.json"));

        assertEquals(12, records.size());
        String anaSub = records.get(0).record().get("UserId").asText();
        // THEN ana, of a pool that signs in by email (her Username is her sub), has no UserName
        assertEquals(json("""
                {"UserId": "%s", "EmailVerified": true, "GivenName": "Ana", "FamilyName": "Lima", "Name": "Ana Lima",
                 "Email": "ana@pool.example", "Locale": "pt-BR", "Zone": "America/Sao_Paulo", "Blocked": false,
                 "CustomizationAttributes": [{"Name": "plan", "Value": "premium", "Type": "STRING"},
                                             {"Name": "tenant_id", "Value": "t-001", "Type": "STRING"}]}
                """.formatted(anaSub)), records.get(0).record());
        // AND ben keeps his name, phone and profile; Cognito's bookkeeping is dropped
        assertEquals(json("""
                {"UserName": "ben", "UserId": "%s", "EmailVerified": false, "PhoneNumber": "+14155550123",
                 "Email": "ben@pool.example", "Nickname": "benny", "Birthdate": "1990-07-14", "Gender": "male",
                 "Picture": "https://cdn.pool.example/ben.png", "Blocked": false}
                """.formatted(records.get(1).record().get("UserId").asText())), records.get(1).record());
        // AND chloe, disabled, is Blocked; her standard attributes without a Roster field are custom attributes
        assertTrue(records.get(2).record().get("Blocked").asBoolean());
        assertEquals("middle_name", records.get(2).record().at("/CustomizationAttributes/1/Name").asText());
        // AND dmitri's federated identities are kept as JSON; emma's preferred_username is her UserName
        assertEquals("Google", records.get(3).record().at("/AppMetadata/cognito/identities/0/providerName").asText());
        assertEquals("emma_w", records.get(4).record().get("UserName").asText());
        // AND felix, who signs in by phone, has no UserName; gina's dev:custom attribute is kept
        assertNull(records.get(5).record().get("UserName"));
        assertEquals("legacy_id", records.get(6).record().at("/CustomizationAttributes/0/Name").asText());
        // AND no user carries a password
        assertTrue(records.stream().filter(r -> r.record() != null).noneMatch(r -> r.record().has("Password")));
        // AND the records Roster reads parse (no password: the user must reset it)
        assertNull(ImportUserInput.parse("store", "derived", records.get(0).record(), System.currentTimeMillis(), null)
                .password());
    }

    @Test
    void badListedUsersFailAloneWithTheirNumbers() throws IOException {
        List<SourceRecord> records = readAll(SourceFormat.COGNITO, sample("cognito-list-users.json"));
        // THEN Enabled "no" (9), Attributes as an object (10) and an attribute given twice (11) fail alone
        assertEquals(List.of(9L, 10L, 11L), failedNumbers(records));
        assertEquals("Enabled", records.get(8).error().field());
        assertEquals("Attributes", records.get(9).error().field());
        assertTrue(records.get(10).error().getMessage().contains("email is given twice"));
        assertEquals("iris", records.get(8).original().get("Username").asText());
    }

    @Test
    void concatenatedPagesAreNumberedOnAcrossPages() throws IOException {
        // GIVEN two list-users pages one after another, as a loop over PaginationToken appends them
        List<SourceRecord> records = readAll(SourceFormat.COGNITO, text("""
                  {"Users": [{"Username": "a", "Attributes": []}], "PaginationToken": "t1"}
                {"Users": [{"Username": "b"}, {"Username": "c"}]}
                """));
        assertEquals(List.of(1L, 2L, 3L), records.stream().map(SourceRecord::number).toList());
        assertEquals("c", records.get(2).record().get("UserName").asText());
    }

    @Test
    void csvRowsBecomeImportUsers() throws IOException {
        // GIVEN the sample CSV with GetCSVHeader's columns and two custom ones, CRLF rows, quoted fields
        List<SourceRecord> records = readAll(SourceFormat.COGNITO, sample("cognito-users.csv"));

        assertEquals(12, records.size());
        assertEquals(json("""
                {"UserName": "ana", "Name": "Ana Lima", "GivenName": "Ana", "FamilyName": "Lima",
                 "Email": "ana@csv.example", "EmailVerified": true, "Locale": "pt-BR",
                 "CustomizationAttributes": [{"Name": "department", "Value": "Sales", "Type": "STRING"},
                                             {"Name": "employee_id", "Value": "E-100", "Type": "STRING"}]}
                """), records.get(0).record());
        // THEN doubled quotes, TRUE in capitals, a quoted line break and comma are read as RFC 4180 says
        assertEquals("Robert \"Bob\" Tables", records.get(1).record().get("Name").asText());
        assertTrue(records.get(1).record().get("EmailVerified").asBoolean());
        assertEquals("12 Rue de la Paix\n75002 Paris, France", records.get(2).record().get("Address").asText());
        assertEquals("Chloé", records.get(2).record().get("GivenName").asText());
        assertEquals("Research, Lab 2", records.get(4).record().at("/CustomizationAttributes/1/Value").asText());
        // AND the row with too few fields (9) fails alone; the others are records
        assertEquals(List.of(9L), failedNumbers(records));
        assertTrue(records.get(8).error().getMessage().contains("4 fields where the header has 23"));
        // AND what Roster refuses fails when parsed: email_verified "maybe", a user name with a space
        assertEquals("EmailVerified", parseError(records.get(6)).field());
        assertEquals("UserName", parseError(records.get(10)).field());
    }

    private static InvalidRequestException parseError(SourceRecord record) {
        return assertThrows(InvalidRequestException.class,
                () -> ImportUserInput.parse("store", "derived", record.record(), System.currentTimeMillis(), null));
    }

    @Test
    void csvEdgeCasesOfRfc4180() throws IOException {
        // GIVEN a byte order mark, LF and CR row ends, blank lines, a bad UTF-8 row and a quote left open at the end
        byte[] head = "\uFEFFcognito:username,email,custom:note\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = ("a,a@x.example,\"one\r\ntwo\"\r\n\r\nb,b@x.example,x\"y\rc,c@x.example,\"q\"\"\"\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = {'d', ',', (byte) 0xC3, (byte) 0x28, ',', 'z', '\n'};
        byte[] tail = "e,e@x.example,\"open".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes(head);
        file.writeBytes(body);
        file.writeBytes(bad);
        file.writeBytes(tail);
        List<SourceRecord> records = readAll(SourceFormat.COGNITO, new ByteArrayInputStream(file.toByteArray()));

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), records.stream().map(SourceRecord::number).toList());
        assertEquals("one\r\ntwo", records.get(0).record().at("/CustomizationAttributes/0/Value").asText());
        assertEquals("x\"y", records.get(1).record().at("/CustomizationAttributes/0/Value").asText());
        assertEquals("q\"", records.get(2).record().at("/CustomizationAttributes/0/Value").asText());
        assertTrue(records.get(3).error().getMessage().contains("not valid UTF-8"));
        assertTrue(records.get(4).error().getMessage().contains("ends inside a quoted field"));
    }

    @Test
    void csvCapsOnFieldsRowsAndHeader() {
        // GIVEN a field over the field cap: that row fails alone
        String longField = "x".repeat(CognitoReader.MAX_FIELD_CHARS + 1);
        ImportLimits limits = new ImportLimits(1 << 20, 128 << 10);
        List<SourceRecord> records = assertDoesNotThrow(() -> readAll(SourceFormat.COGNITO,
                text("cognito:username,custom:n\na," + longField + "\nb,1\n"), limits));
        assertTrue(records.get(0).error().getMessage().contains("longer than 65536 characters"));
        assertEquals("b", records.get(1).record().get("UserName").asText());
        // AND a row over the line cap (an unclosed quote swallowing the file) fails the file
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.COGNITO,
                text("cognito:username,custom:n\na,\"" + "y\n".repeat(1000)), new ImportLimits(1 << 20, 1024)));
        assertTrue(e.getMessage().contains("Row 2 of the import file is longer than 1 KiB"), e.getMessage());
        // AND so does a file over the file cap, a header naming a column twice and an empty file
        assertTrue(assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.COGNITO,
                text("cognito:username\n" + "a\n".repeat(10_000)), new ImportLimits(4096, 1024)))
                .getMessage().contains("larger than 4 KiB"));
        assertTrue(assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.COGNITO,
                text("email,email\n"))).getMessage().contains("names the column email twice"));
        assertTrue(assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.COGNITO,
                text(" \n\n"))).getMessage().contains("empty"));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> supplier) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(supplier);
    }
}
