package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * A Keycloak user's password credential as ImportUser's {@code Password} and {@code PasswordEncryptTypeEnum}.
 *
 * <p>Keycloak (7 and later) keeps a credential as two JSON documents, exported as strings (objects are read too):
 * {@code secretData} {@code {"value": <base64 hash>, "salt": <base64 of the raw salt>, "additionalParameters": {}}}
 * and {@code credentialData} {@code {"hashIterations": 27500, "algorithm": "pbkdf2-sha256",
 * "additionalParameters": {}}}; realms older than 7 exported {@code hashedSaltedValue}, {@code salt},
 * {@code hashIterations} and {@code algorithm} on the credential itself. Its PBKDF2 providers hash the password's
 * UTF-8 bytes into a key as long as the stored hash (512 bits for pbkdf2-sha256 until Keycloak 24, 256 since; a
 * verifier takes the length from the hash, as Keycloak does); the NUL padding Keycloak may add to short passwords
 * for FIPS changes no HMAC key shorter than a block, so it changes no hash. Its argon2 provider (Keycloak 24+) keeps
 * type, version, memory, parallelism and hashLength in credentialData's additionalParameters, each a list of one
 * string, and the passes as hashIterations.
 *
 * <p>pbkdf2 (HMAC-SHA1), pbkdf2-sha256 and pbkdf2-sha512 become PHC strings {@code $pbkdf2-sha256$i=...$salt$hash}
 * (PBKDF2), argon2 {@code $argon2id$v=19$m=...,t=...,p=...$salt$hash} (ARGON2), a bcrypt provider's modular string
 * BCRYPT, and the plain {@code value} a hand-written realm file may give PLAINTEXT. Another algorithm (a custom
 * provider's) cannot be verified here: the user is imported without a password and must reset it. A credential of
 * a known algorithm that is malformed fails its record: the file is damaged, and the report says where.
 */
final class KeycloakCredentials {

    static final String PASSWORD_TYPE = "password";
    private static final String FIELD = "credentials";

    private KeycloakCredentials() {
    }

    /** Sets the password of {@code credentials} (a user's credentials array, or null) on {@code record}. */
    static void apply(JsonNode credentials, ObjectNode record) {
        if (credentials == null || credentials.isNull()) {
            return;
        }
        if (!credentials.isArray()) {
            throw InvalidRequestException.invalidValue(FIELD, "must be an array of credentials");
        }
        for (JsonNode credential : credentials) {
            if (credential.isObject() && PASSWORD_TYPE.equals(credential.path("type").asText())) {
                password(credential, record);
                return;
            }
        }
    }

    private static void password(JsonNode credential, ObjectNode record) {
        JsonNode secret = document(credential, "secretData");
        JsonNode data = document(credential, "credentialData");
        if (secret == null && data == null) {
            if (credential.path("hashedSaltedValue").isTextual()) {
                // Keycloak before 7: the same values, on the credential itself.
                secret = credential;
                data = credential;
            } else if (credential.path("value").isTextual()) {
                // A realm file written for import: the password in clear (Roster hashes it).
                record.put("Password", credential.get("value").asText());
                return;
            } else {
                throw invalid("has neither secretData nor credentialData");
            }
        }
        if (secret == null || data == null) {
            throw invalid("has " + (secret == null ? "no secretData" : "no credentialData"));
        }
        String algorithm = text(data, "algorithm").toLowerCase(Locale.ROOT);
        String hash = text(secret, secret == credential ? "hashedSaltedValue" : "value");
        JsonNode parameters = data.path("additionalParameters");
        switch (algorithm) {
            case "pbkdf2", "pbkdf2-sha256", "pbkdf2-sha512" -> {
                String phc = "$" + algorithm + "$i=" + positive(data, "hashIterations") + "$"
                        + base64(secret, "salt") + "$" + rebased(hash, "value");
                record.put("Password", phc);
                record.put("PasswordEncryptTypeEnum", "PBKDF2");
            }
            case "argon2" -> {
                record.put("Password", argon2(data, secret, hash, parameters));
                record.put("PasswordEncryptTypeEnum", "ARGON2");
            }
            case "bcrypt" -> {
                if (!hash.startsWith("$2")) {
                    throw invalid("holds a bcrypt value that is no $2a$/$2b$/$2y$ string");
                }
                record.put("Password", hash);
                record.put("PasswordEncryptTypeEnum", "BCRYPT");
            }
            default -> {
                // A custom provider's hash: nothing here can check it, so the user resets its password.
            }
        }
    }

    private static String argon2(JsonNode data, JsonNode secret, String hash, JsonNode parameters) {
        String type = parameter(parameters, "type", "id");
        if (!type.equals("id") && !type.equals("i") && !type.equals("d")) {
            throw invalid("has an argon2 type other than id, i or d");
        }
        String version = parameter(parameters, "version", "1.3");
        int v = switch (version) {
            case "1.3" -> 19;
            case "1.0" -> 16;
            default -> throw invalid("has an argon2 version other than 1.3 or 1.0");
        };
        String value = rebased(hash, "value");
        String hashLength = parameter(parameters, "hashLength", null);
        if (hashLength != null && !hashLength.equals(Integer.toString(Base64.getDecoder().decode(hash.strip()).length))) {
            throw invalid("has an argon2 hashLength other than its value's length");
        }
        return "$argon2" + type + "$v=" + v + "$m=" + number(parameters, "memory") + ",t="
                + positive(data, "hashIterations") + ",p=" + number(parameters, "parallelism") + "$"
                + base64(secret, "salt") + "$" + value;
    }

    /** secretData or credentialData: a JSON object, exported as its text; null when absent. */
    private static JsonNode document(JsonNode credential, String field) {
        JsonNode node = credential.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return node;
        }
        if (node.isTextual()) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(node.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (IOException e) {
                // Reported below, as for any other value.
            }
        }
        throw invalid("has a " + field + " that is no JSON object");
    }

    /** An additionalParameters entry: Keycloak keeps each as a list of strings; a bare value is read too. */
    private static String parameter(JsonNode parameters, String name, String otherwise) {
        JsonNode node = parameters.get(name);
        if (node != null && node.isArray()) {
            node = node.size() == 1 ? node.get(0) : null;
        }
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isValueNode()) {
            throw invalid("has an argon2 " + name + " that is no single value");
        }
        return node.asText();
    }

    private static int number(JsonNode parameters, String name) {
        String text = parameter(parameters, name, null);
        if (text == null) {
            throw invalid("has no argon2 " + name);
        }
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw invalid("has an argon2 " + name + " that is no positive integer");
    }

    private static int positive(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            throw invalid("has no positive integer " + field);
        }
        return node.asInt();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("has no " + field);
        }
        return value.asText();
    }

    private static String base64(JsonNode secret, String field) {
        return rebased(text(secret, field), field);
    }

    /** Keycloak's padded base64 as PHC's: the same bytes, unpadded; anything else is refused here. */
    private static String rebased(String value, String field) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.strip());
            if (bytes.length == 0) {
                throw invalid("has an empty " + field);
            }
            return Base64.getEncoder().withoutPadding().encodeToString(bytes);
        } catch (IllegalArgumentException e) {
            throw invalid("has a " + field + " that is not base64");
        }
    }

    private static InvalidRequestException invalid(String why) {
        return InvalidRequestException.invalidValue(FIELD, "the password credential " + why);
    }
}
