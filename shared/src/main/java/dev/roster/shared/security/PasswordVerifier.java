package dev.roster.shared.security;

import dev.roster.shared.error.InvalidRequestException;

import java.util.List;

/**
 * Checks a candidate password against whatever a user's credential is: our own hash (argon2id, or PBKDF2-HMAC-SHA512
 * before it), or an imported one of every form ImportUser takes (see README, "Import"): MD5, SHA1, SHA256, SHA512,
 * MD4 and HMAC_SHA256/HMAC_SHA512 digests with a salt at the HEAD, TAIL or placed by an OTHER rule; bcrypt; PBKDF2,
 * argon2 and scrypt strings; LDAP {SCHEME} values. Each family is one {@link PasswordHash} type: {@link #check} parses
 * (at import, refusing a cost above the family's cap), {@link #matches} parses and verifies in constant time.
 */
public final class PasswordVerifier {

    public static final String MD5 = "MD5";
    public static final String SHA1 = "SHA1";
    public static final String SHA256 = "SHA256";
    public static final String SHA512 = "SHA512";
    public static final String MD4 = "MD4";
    public static final String HMAC_SHA256 = "HMAC_SHA256";
    public static final String HMAC_SHA512 = "HMAC_SHA512";
    public static final String BCRYPT = "BCRYPT";
    public static final String PBKDF2 = "PBKDF2";
    public static final String ARGON2 = "ARGON2";
    public static final String SCRYPT = "SCRYPT";
    public static final String LDAP = "LDAP";
    /** The imported algorithms, as ImportUser's PasswordEncryptTypeEnum names them. */
    public static final List<String> IMPORTED = List.of(MD5, SHA1, SHA256, SHA512, MD4, HMAC_SHA256, HMAC_SHA512,
            BCRYPT, PBKDF2, ARGON2, SCRYPT, LDAP);
    /** The algorithms whose Password is a self-describing string with its own salt: no Salt goes with them. */
    public static final List<String> SELF_DESCRIBING = List.of(PBKDF2, ARGON2, SCRYPT, LDAP);

    public static final String HEAD = "HEAD";
    public static final String TAIL = "TAIL";
    public static final String OTHER = "OTHER";
    /** Salt and HMAC key encodings. */
    public static final String UTF8 = Encodings.UTF8;
    public static final String HEX = Encodings.HEX;
    public static final String BASE64 = Encodings.BASE64;

    /** The most expensive bcrypt cost we accept: a cost-31 hash would make every login of that user a DoS. */
    public static final int MAX_BCRYPT_COST = BcryptHash.MAX_COST;
    /** PBKDF2: iterations × output blocks. */
    public static final long MAX_PBKDF2_WORK = Pbkdf2Hash.MAX_WORK;
    public static final long MAX_ARGON2_MEMORY_KIB = Argon2Hash.MAX_MEMORY_KIB;
    /** argon2: memory × passes, in KiB. */
    public static final long MAX_ARGON2_WORK_KIB = Argon2Hash.MAX_WORK_KIB;
    public static final int MAX_ARGON2_PARALLELISM = Argon2Hash.MAX_PARALLELISM;
    public static final long MAX_SCRYPT_MEMORY_BYTES = ScryptHash.MAX_MEMORY_BYTES;
    /** scrypt: N × r × p. */
    public static final long MAX_SCRYPT_WORK = ScryptHash.MAX_WORK;

    private PasswordVerifier() {
    }

    /** Whether the candidate is the password of this credential; false for a missing or damaged one, never a throw. */
    public static boolean matches(PasswordCredential credential, String candidate) {
        if (credential == null || candidate == null || credential.algorithm() == null || credential.hash() == null) {
            return false;
        }
        try {
            return parse(credential).matches(candidate);
        } catch (RuntimeException damaged) {
            // A damaged stored credential verifies nothing; it must not turn a login into a server error.
            return false;
        }
    }

    /**
     * Refuses a credential that could not verify anything, or one costlier than its family's cap: an
     * InvalidRequestException (InvalidParameterValue) naming the import field at fault and the cap.
     */
    public static void check(PasswordCredential credential) {
        parse(credential);
    }

    /** True when {@code hash} is a well-formed hash of the algorithm, within its caps (salt and key aside). */
    public static boolean wellFormed(String algorithm, String hash) {
        if (algorithm == null || hash == null) {
            return false;
        }
        try {
            check(new PasswordCredential(algorithm, hash, null, null, null, 0, null,
                    algorithm.startsWith("HMAC_") ? "key" : null, null));
            return true;
        } catch (InvalidRequestException e) {
            return false;
        }
    }

    /** The digest length an algorithm makes, in bytes; 0 for one that is not a plain digest. */
    public static int digestLength(String algorithm) {
        return SaltedDigest.digestLength(algorithm);
    }

    static PasswordHash parse(PasswordCredential credential) {
        String algorithm = credential.algorithm();
        String hash = credential.hash();
        if (SaltedDigest.handles(algorithm)) {
            return SaltedDigest.parse(credential);
        }
        if (credential.hmacKey() != null) {
            throw invalid("HmacKey", "only goes with HMAC_SHA256 or HMAC_SHA512");
        }
        if (credential.salt() != null && !BCRYPT.equals(algorithm)) {
            // Every other form carries its own salt; our own legacy PBKDF2 keeps its salt here.
            if (!PasswordHasher.PBKDF2_SHA512.equals(algorithm)) {
                throw invalid("Salt", "does not go with " + algorithm + ": its Password carries its own salt");
            }
        }
        return switch (algorithm) {
            case BCRYPT -> BcryptHash.parse(credential);
            case PBKDF2 -> {
                if (!Pbkdf2Hash.handles(hash)) {
                    throw invalid("Password", "is not a PBKDF2 string ($pbkdf2-sha256$i=...$salt$hash)");
                }
                yield Pbkdf2Hash.parse(hash);
            }
            case ARGON2 -> {
                if (!Argon2Hash.handles(hash)) {
                    throw invalid("Password", "is not an argon2 PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash)");
                }
                yield Argon2Hash.parse(hash);
            }
            case SCRYPT -> ScryptHash.parse(hash);
            case LDAP -> LdapHash.parse(hash);
            case PasswordHasher.PBKDF2_SHA512 -> PasswordHasher.legacy(credential);
            default -> throw invalid("PasswordEncryptTypeEnum", "is not an algorithm Roster knows");
        };
    }

    static InvalidRequestException invalid(String field, String why) {
        return InvalidRequestException.invalidValue(field, why);
    }
}
