package dev.roster.local.bench;

import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.imports.source.RecordReader;
import dev.roster.shared.imports.source.SourceFormat;
import dev.roster.shared.imports.source.SourceRecord;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * {@code --only formats}: each import file format's reader over a generated file of N users (1,000,000 by default,
 * {@code --format-users N}), written on the fly into a temporary file and deleted after: records/s through
 * {@link SourceFormat#open} and the live heap it grew by, which must stay flat whatever N is. Reading only: what a
 * record then costs (validation, hashing, DynamoDB) is the import figure's. Every user is realistic for its format (a Keycloak user with its PBKDF2 credential, a
 * Cognito user with a dozen attributes), with bytes that stand for hashes: a reader never verifies one.
 */
final class FormatBench {

    /** One file to generate and read: a format, and for COGNITO which of its two forms. */
    record Case(SourceFormat format, String label, String extension) {
    }

    static final List<Case> CASES = List.of(new Case(SourceFormat.ROSTER, "ROSTER", "ndjson"),
            new Case(SourceFormat.AUTH0, "AUTH0", "ndjson"), new Case(SourceFormat.AUTH0_IMPORT, "AUTH0_IMPORT", "json"),
            new Case(SourceFormat.KEYCLOAK, "KEYCLOAK", "json"),
            new Case(SourceFormat.COGNITO, "COGNITO (list-users JSON)", "json"),
            new Case(SourceFormat.COGNITO, "COGNITO (CSV)", "csv"));

    private FormatBench() {
    }

    static void run(int users, PrintStream out) throws Exception {
        for (Case c : CASES) {
            Path file = Files.createTempFile("roster-bench-" + c.format(), "." + c.extension());
            try {
                long start = System.nanoTime();
                try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    write(c, users, writer);
                }
                double written = (System.nanoTime() - start) / 1e9;
                long size = Files.size(file);
                Bench.HeapWatch heap = Bench.HeapWatch.start();
                long[] counts;
                start = System.nanoTime();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                    counts = read(c.format(), in);
                }
                double took = (System.nanoTime() - start) / 1e9;
                long grew = heap.stop();
                out.printf("formats: %-26s %,d records (%,d failed) of %,d MB in %.1f s: %,.0f records/s;"
                                + " live heap +%d MB (file written in %.1f s)%n", c.label(), counts[0], counts[1],
                        size >> 20, took, counts[0] / took, grew >> 20, written);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long[] read(SourceFormat format, InputStream in) throws IOException {
        long records = 0;
        long failed = 0;
        try (RecordReader reader = format.open(in, ImportLimits.DEFAULTS, null)) {
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                records++;
                failed += record.error() == null ? 0 : 1;
            }
        }
        return new long[] {records, failed};
    }

    static void write(Case c, int users, BufferedWriter out) throws IOException {
        boolean array = c.format() == SourceFormat.AUTH0_IMPORT || c.format() == SourceFormat.KEYCLOAK
                || c.label().endsWith("JSON)");
        switch (c.format()) {
            case KEYCLOAK -> out.write("{\"id\": \"bench\", \"realm\": \"bench\", \"enabled\": true, \"users\": [\n");
            case COGNITO -> out.write(array ? "{\"Users\": [\n" : "name,given_name,family_name,middle_name,nickname,"
                    + "preferred_username,profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,"
                    + "locale,phone_number,phone_number_verified,address,updated_at,custom:plan,cognito:mfa_enabled,"
                    + "cognito:username\r\n");
            case AUTH0_IMPORT -> out.write("[\n");
            default -> { }
        }
        byte[] salt = new byte[16];
        byte[] hash = new byte[64];
        for (int i = 0; i < users; i++) {
            if (array && i > 0) {
                out.write(",\n");
            }
            String id = new UUID(0x5eed_0000_0000_4000L | i, 0x8000_0000_0000_0000L | i).toString();
            salt[0] = (byte) i;
            hash[0] = (byte) i;
            String b64Salt = Base64.getEncoder().encodeToString(salt);
            String b64Hash = Base64.getEncoder().encodeToString(hash);
            String user = "user" + i;
            String email = user + "@bench.example";
            out.write(switch (c.label()) {
                case "ROSTER" -> "{\"UserId\": \"" + id.replace("-", "") + "\", \"UserName\": \"" + user
                        + "\", \"Email\": \"" + email + "\", \"EmailVerified\": true, \"GivenName\": \"Bench\","
                        + " \"FamilyName\": \"User " + i + "\", \"UserGroup\": [\"bench\"], \"Password\":"
                        + " \"$pbkdf2-sha256$i=27500$" + b64Salt + "$" + b64Hash + "\", \"PasswordEncryptTypeEnum\":"
                        + " \"PBKDF2\", \"CustomizationAttributes\": [{\"Name\": \"plan\", \"Value\": \"free\"}]}\n";
                case "AUTH0" -> "{\"user_id\": \"auth0|" + id.replace("-", "") + "\", \"email\": \"" + email
                        + "\", \"email_verified\": true, \"username\": \"" + user + "\", \"given_name\": \"Bench\","
                        + " \"family_name\": \"User " + i + "\", \"created_at\": \"2024-01-02T03:04:05.678Z\","
                        + " \"blocked\": false, \"user_metadata\": {\"plan\": \"free\"}, \"app_metadata\":"
                        + " {\"roles\": [\"member\"]}, \"identities\": [{\"provider\": \"auth0\", \"connection\":"
                        + " \"Username-Password-Authentication\", \"isSocial\": false}]}\n";
                case "AUTH0_IMPORT" -> "{\"user_id\": \"" + id.replace("-", "") + "\", \"email\": \"" + email
                        + "\", \"email_verified\": true, \"username\": \"" + user + "\", \"given_name\": \"Bench\","
                        + " \"family_name\": \"User " + i + "\", \"user_metadata\": {\"plan\": \"free\"},"
                        + " \"custom_password_hash\": {\"algorithm\": \"pbkdf2\", \"hash\": {\"value\":"
                        + " \"$pbkdf2-sha256$i=27500$" + b64Salt + "$" + b64Hash + "\", \"encoding\": \"utf8\"}}}";
                case "KEYCLOAK" -> "{\"id\": \"" + id + "\", \"createdTimestamp\": 1699000000000, \"username\": \""
                        + user + "\", \"enabled\": true, \"totp\": false, \"emailVerified\": true, \"firstName\":"
                        + " \"Bench\", \"lastName\": \"User " + i + "\", \"email\": \"" + email + "\", \"attributes\":"
                        + " {\"plan\": [\"free\"], \"locale\": [\"en\"]}, \"credentials\": [{\"id\": \"" + id
                        + "\", \"type\": \"password\", \"createdDate\": 1699000000000, \"secretData\": \"{\\\"value\\\":"
                        + "\\\"" + b64Hash + "\\\",\\\"salt\\\":\\\"" + b64Salt + "\\\",\\\"additionalParameters\\\":{}}\","
                        + " \"credentialData\": \"{\\\"hashIterations\\\":27500,\\\"algorithm\\\":\\\"pbkdf2-sha256\\\","
                        + "\\\"additionalParameters\\\":{}}\"}], \"disableableCredentialTypes\": [], \"requiredActions\":"
                        + " [], \"realmRoles\": [\"default-roles-bench\"], \"notBefore\": 0, \"groups\": [\"/bench\"]}";
                case "COGNITO (list-users JSON)" -> "{\"Username\": \"" + user + "\", \"Attributes\": [{\"Name\":"
                        + " \"sub\", \"Value\": \"" + id + "\"}, {\"Name\": \"email_verified\", \"Value\": \"true\"},"
                        + " {\"Name\": \"given_name\", \"Value\": \"Bench\"}, {\"Name\": \"family_name\", \"Value\":"
                        + " \"User " + i + "\"}, {\"Name\": \"email\", \"Value\": \"" + email + "\"}, {\"Name\":"
                        + " \"custom:plan\", \"Value\": \"free\"}], \"UserCreateDate\":"
                        + " \"2024-01-02T03:04:05.678000+00:00\", \"UserLastModifiedDate\":"
                        + " \"2024-01-02T03:04:05.678000+00:00\", \"Enabled\": true, \"UserStatus\": \"CONFIRMED\"}";
                default -> "Bench User " + i + ",Bench,User " + i + ",,,,,,," + email + ",true,,,,en,,,"
                        + "\"1 Bench Road, Testville\",1707000000,free,false," + user + "\r\n";
            });
        }
        switch (c.format()) {
            case AUTH0_IMPORT -> out.write("\n]\n");
            case KEYCLOAK -> out.write("\n]}\n");
            case COGNITO -> out.write(array ? "\n]}\n" : "");
            default -> { }
        }
    }
}
