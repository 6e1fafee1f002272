package dev.roster.shared.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;

/**
 * An imported bcrypt modular string ({@code $2a$}, {@code $2b$}, {@code $2y$}, {@code $2x$}, {@code $2$}), checked
 * with the at.favre library. A salt from the import goes around the password as for digests (bcrypt's own salt is in
 * the string). Passwords past 72 bytes are truncated as every bcrypt does.
 */
final class BcryptHash implements PasswordHash {

    /** The most expensive cost accepted: a cost-31 hash would make every login of that user a DoS (16 ≈ 5 s). */
    static final int MAX_COST = 16;
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2A,
            LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final byte[] hash;
    private final Salting salting;

    private BcryptHash(byte[] hash, Salting salting) {
        this.hash = hash;
        this.salting = salting;
    }

    static BcryptHash parse(PasswordCredential credential) {
        String hash = credential.hash();
        if (!hash.matches("^\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$")) {
            throw PasswordVerifier.invalid("Password", "is not a BCRYPT hash ($2a$, $2b$ or $2y$, cost, 53 characters)");
        }
        int cost = Integer.parseInt(hash.substring(hash.indexOf('$', 1) + 1, hash.indexOf('$', 1) + 3));
        if (cost < 4 || cost > MAX_COST) {
            throw PasswordVerifier.invalid("Password", "is a BCRYPT hash of cost " + cost + ": the cost must be 4 to "
                    + MAX_COST + " (the cap)");
        }
        return new BcryptHash(hash.getBytes(StandardCharsets.US_ASCII), Salting.of(credential));
    }

    @Override
    public boolean matches(String candidate) {
        byte[] password = Salting.apply(salting, candidate);
        try {
            return VERIFYER.verify(password, hash).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
