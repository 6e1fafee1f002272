package dev.roster.shared.security;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a candidate password against whatever a user's credential is: our own PBKDF2 hash, or an imported MD5,
 * SHA1, SHA256 or BCRYPT hash with its salt at the HEAD or TAIL of the password (or placed by an OTHER rule,
 * a template such as {@code {salt}:{password}}). Comparisons are constant-time.
 */
public final class PasswordVerifier {

    public static final String MD5 = "MD5";
    public static final String SHA1 = "SHA1";
    public static final String SHA256 = "SHA256";
    public static final String BCRYPT = "BCRYPT";
    public static final String HEAD = "HEAD";
    public static final String TAIL = "TAIL";
    public static final String OTHER = "OTHER";

    private PasswordVerifier() {
    }

    /** Whether the candidate is the password of this credential; false for a missing or damaged one. */
    public static boolean matches(PasswordCredential credential, String candidate) {
        if (credential == null || candidate == null) {
            return false;
        }
        String algorithm = credential.algorithm();
        if (algorithm == null || credential.hash() == null) {
            return false;
        }
        if (PasswordHasher.ALGORITHM.equals(algorithm)) {
            try {
                return PasswordHasher.matches(credential, candidate);
            } catch (IllegalArgumentException | NullPointerException damaged) {
                // A damaged stored credential verifies nothing; it must not turn a login into a server error.
                return false;
            }
        }
        String salted = salted(credential, candidate);
        if (salted == null) {
            return false;
        }
        if (BCRYPT.equals(algorithm)) {
            try {
                return BCrypt.verifyer().verify(salted.getBytes(StandardCharsets.UTF_8),
                        credential.hash().getBytes(StandardCharsets.UTF_8)).verified;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        byte[] expected = digestBytes(credential.hash());
        byte[] actual = digest(algorithm, salted);
        return expected != null && actual != null && MessageDigest.isEqual(expected, actual);
    }

    /** The string that was hashed: the password with the salt where the credential says it goes. */
    static String salted(PasswordCredential credential, String candidate) {
        String salt = credential.salt();
        if (salt == null || salt.isEmpty()) {
            return candidate;
        }
        String location = credential.saltLocation() == null ? HEAD : credential.saltLocation();
        return switch (location) {
            case HEAD -> salt + candidate;
            case TAIL -> candidate + salt;
            case OTHER -> credential.saltRegex() == null ? null : fill(credential.saltRegex(), salt, candidate);
            default -> null;
        };
    }

    /** Fills an OTHER rule in one pass, so a salt that itself holds "{password}" is not rewritten. */
    static String fill(String rule, String salt, String password) {
        StringBuilder out = new StringBuilder(rule.length() + salt.length() + password.length());
        for (int i = 0; i < rule.length(); ) {
            if (rule.startsWith("{salt}", i)) {
                out.append(salt);
                i += "{salt}".length();
            } else if (rule.startsWith("{password}", i)) {
                out.append(password);
                i += "{password}".length();
            } else {
                out.append(rule.charAt(i++));
            }
        }
        return out.toString();
    }

    /** The digest an imported hash stands for: hex (either case) or base64. */
    static byte[] digestBytes(String hash) {
        String trimmed = hash.trim();
        if (trimmed.matches("^[0-9a-fA-F]+$") && trimmed.length() % 2 == 0) {
            return HexFormat.of().parseHex(trimmed.toLowerCase(Locale.ROOT));
        }
        try {
            return Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The digest length an algorithm makes, in bytes; 0 for a name we do not know. */
    public static int digestLength(String algorithm) {
        return switch (algorithm) {
            case MD5 -> 16;
            case SHA1 -> 20;
            case SHA256 -> 32;
            default -> 0;
        };
    }

    private static byte[] digest(String algorithm, String text) {
        String jdkName = switch (algorithm) {
            case MD5 -> "MD5";
            case SHA1 -> "SHA-1";
            case SHA256 -> "SHA-256";
            default -> null;
        };
        if (jdkName == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " is missing from this JDK", e);
        }
    }

    /** The most expensive bcrypt cost we accept: a cost-31 hash would make every login of that user a DoS. */
    public static final int MAX_BCRYPT_COST = 16;

    /** True when {@code hash} is a well-formed imported hash of the algorithm. */
    public static boolean wellFormed(String algorithm, String hash) {
        if (algorithm == null || hash == null) {
            return false;
        }
        if (BCRYPT.equals(algorithm)) {
            return hash.matches("^\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$")
                    && Integer.parseInt(hash.substring(hash.indexOf('$', 1) + 1, hash.indexOf('$', 1) + 3)) <= MAX_BCRYPT_COST;
        }
        int length = digestLength(algorithm);
        byte[] bytes = digestBytes(hash);
        return length > 0 && bytes != null && bytes.length == length;
    }
}
