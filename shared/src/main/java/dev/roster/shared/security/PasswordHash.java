package dev.roster.shared.security;

/**
 * One stored password hash, parsed once from its credential and then checked against candidates: one type per
 * family. Parsing checks the form and refuses a cost above the family's cap (an imported hash is attacker-controlled
 * and is computed at every login); a parsed hash verifies in constant time and never throws.
 */
sealed interface PasswordHash permits SaltedDigest, BcryptHash, Pbkdf2Hash, Argon2Hash, ScryptHash, LdapHash {

    /** Whether {@code candidate} is the password this hash was made from. */
    boolean matches(String candidate);
}
