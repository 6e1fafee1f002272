package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.UnauthorizedException;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The static bearer tokens of the Auth0 front door, from a JSON configuration such as
 * {@code {"tokenA": {"store": "demo", "scopes": ["read:users", "create:users"]}}}. Only SHA-256 digests of the
 * tokens are kept, and a presented token is compared with every one of them in constant time.
 */
public final class Auth0Tokens {

    private static final String INVALID = "Missing or invalid bearer token.";
    /** RFC 6750's b64token. */
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9\\-._~+/]+=*$");

    private record Entry(byte[] digest, Auth0Principal principal) {
    }

    private final List<Entry> entries;

    private Auth0Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the configuration; null or blank means no token is valid. A malformed configuration is an
     * {@link IllegalArgumentException} whose message never quotes a token.
     */
    public static Auth0Tokens parse(String json) {
        if (json == null || json.isBlank()) {
            return new Auth0Tokens(List.of());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("The Auth0 token configuration is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The Auth0 token configuration must be a JSON object of tokens.");
        }
        List<Entry> entries = new ArrayList<>();
        int index = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); index++) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = "token #" + (index + 1);
            if (!TOKEN.matcher(field.getKey()).matches()) {
                throw new IllegalArgumentException("The Auth0 " + where + " is blank or not a bearer token.");
            }
            JsonNode value = field.getValue();
            if (!value.isObject()) {
                throw new IllegalArgumentException("The Auth0 " + where + " must map to {store, scopes}.");
            }
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("store") && !name.equals("scopes")) {
                    throw new IllegalArgumentException("The Auth0 " + where + " has an unknown property " + name + ".");
                }
            }
            JsonNode store = value.get("store");
            if (store == null || !store.isTextual() || store.asText().isBlank()) {
                throw new IllegalArgumentException("The Auth0 " + where + " needs a store.");
            }
            try {
                dev.roster.shared.user.UserService.checkStoreId(store.asText());
            } catch (dev.roster.shared.error.InvalidRequestException e) {
                throw new IllegalArgumentException("The store of Auth0 " + where + " is not a user store id.");
            }
            Set<String> scopes = new LinkedHashSet<>();
            JsonNode scopesNode = value.get("scopes");
            if (scopesNode != null && !scopesNode.isNull()) {
                if (!scopesNode.isArray()) {
                    throw new IllegalArgumentException("The scopes of Auth0 " + where + " must be an array of strings.");
                }
                for (JsonNode scope : scopesNode) {
                    if (!scope.isTextual() || scope.asText().isBlank()) {
                        throw new IllegalArgumentException("The scopes of Auth0 " + where + " must be non-blank strings.");
                    }
                    scopes.add(scope.asText());
                }
            }
            entries.add(new Entry(sha256(field.getKey()), new Auth0Principal(store.asText(), scopes)));
        }
        return new Auth0Tokens(entries);
    }

    /** The principal of an {@code Authorization: Bearer <token>} header, or 401 AuthFailure. */
    public Auth0Principal authenticate(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            throw failure();
        }
        byte[] presented = sha256(token);
        Auth0Principal match = null;
        // No early exit: every configured token is compared, whichever matches.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(presented, entry.digest())) {
                match = entry.principal();
            }
        }
        if (match == null) {
            throw failure();
        }
        return match;
    }

    /** How many tokens are configured. */
    public int size() {
        return entries.size();
    }

    private static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String token = trimmed.substring(space + 1).strip();
        return TOKEN.matcher(token).matches() ? token : null;
    }

    private static UnauthorizedException failure() {
        return new UnauthorizedException(UnauthorizedException.AUTH_FAILURE, INVALID);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
