package dev.roster.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * An RFC 2307 userPassword value as OpenLDAP's slappasswd writes it: {@code {SHA}}, {@code {SSHA}},
 * {@code {SHA256}}, {@code {SSHA256}}, {@code {SHA512}}, {@code {SSHA512}}, {@code {MD5}} or {@code {SMD5}} (the
 * scheme in any case) and base64 of the digest, followed by the salt for the salted (S) schemes: digest(password ||
 * salt).
 */
final class LdapHash implements PasswordHash {

    private static final int MAX_SALT_BYTES = 64;

    private final String digest;
    private final byte[] expected;
    private final byte[] salt;

    private LdapHash(String digest, byte[] expected, byte[] salt) {
        this.digest = digest;
        this.expected = expected;
        this.salt = salt;
    }

    static LdapHash parse(String hash) {
        int close = hash.indexOf('}');
        if (!hash.startsWith("{") || close < 0) {
            throw PasswordVerifier.invalid("Password", "is not an LDAP {SCHEME} value");
        }
        String scheme = hash.substring(1, close).toUpperCase(Locale.ROOT);
        boolean salted = scheme.startsWith("S") && !scheme.startsWith("SHA");
        String digest = switch (salted ? scheme.substring(1) : scheme) {
            case "SHA" -> PasswordVerifier.SHA1;
            case "SHA256" -> PasswordVerifier.SHA256;
            case "SHA512" -> PasswordVerifier.SHA512;
            case "MD5" -> PasswordVerifier.MD5;
            default -> throw PasswordVerifier.invalid("Password", "has an LDAP scheme other than {SHA}, {SSHA}, "
                    + "{SHA256}, {SSHA256}, {SHA512}, {SSHA512}, {MD5} or {SMD5}");
        };
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(hash.substring(close + 1).trim());
        } catch (IllegalArgumentException e) {
            throw PasswordVerifier.invalid("Password", "is an LDAP value that is not base64 after its scheme");
        }
        int length = SaltedDigest.digestLength(digest);
        int saltBytes = bytes.length - length;
        if (salted ? saltBytes < 1 || saltBytes > MAX_SALT_BYTES : saltBytes != 0) {
            throw PasswordVerifier.invalid("Password", "is an LDAP {" + scheme + "} value of " + bytes.length
                    + " bytes: it must be the " + length + "-byte digest" + (salted ? " and 1 to " + MAX_SALT_BYTES
                    + " bytes of salt" : ""));
        }
        return new LdapHash(digest, Arrays.copyOf(bytes, length), Arrays.copyOfRange(bytes, length, bytes.length));
    }

    @Override
    public boolean matches(String candidate) {
        byte[] actual = SaltedDigest.digest(SaltedDigest.newDigest(digest), candidate.getBytes(StandardCharsets.UTF_8),
                salt);
        return MessageDigest.isEqual(expected, actual);
    }
}
