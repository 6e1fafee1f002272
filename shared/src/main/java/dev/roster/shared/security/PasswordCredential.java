package dev.roster.shared.security;

/**
 * How a user's password is stored: never the password itself. {@code algorithm} names the hash (our own KDF, or the
 * algorithm an imported hash was made with); salt and its position are kept exactly as imported.
 */
public record PasswordCredential(String algorithm, String hash, String salt, String saltLocation, String saltRegex,
                                 int iterations) {

    @Override
    public String toString() {
        // Records print every component; a credential must never reach a log line.
        return "PasswordCredential[" + algorithm + "]";
    }
}
