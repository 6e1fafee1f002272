package dev.roster.shared.security;

/**
 * How a user's password is stored: never the password itself. {@code algorithm} names the hash (our own KDF, or the
 * algorithm an imported hash was made with); {@code hash} is the digest, or the whole self-describing string of the
 * algorithms that have one (PHC strings, bcrypt's modular string, LDAP's {SCHEME}). Salt, its position and encoding
 * and an HMAC key are kept exactly as imported; {@code saltEncoding} and {@code hmacKeyEncoding} are UTF8 (the
 * default, also when null), HEX or BASE64. The HMAC key is a secret like the hash: never rendered, logged or exported.
 */
public record PasswordCredential(String algorithm, String hash, String salt, String saltLocation, String saltRegex,
                                 int iterations, String saltEncoding, String hmacKey, String hmacKeyEncoding) {

    /** A credential without salt encoding or HMAC key (every form but binary salts and HMAC_*). */
    public PasswordCredential(String algorithm, String hash, String salt, String saltLocation, String saltRegex,
                              int iterations) {
        this(algorithm, hash, salt, saltLocation, saltRegex, iterations, null, null, null);
    }

    @Override
    public String toString() {
        // Records print every component; a credential must never reach a log line.
        return "PasswordCredential[" + algorithm + "]";
    }
}
