package dev.roster.shared.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where an imported salt goes around the password before hashing: at the HEAD (salt || password), the TAIL
 * (password || salt), or placed by an OTHER rule such as {@code {salt}:{password}}, the rule's own text as UTF-8.
 * The password is its UTF-8 bytes; the salt is its UTF-8 bytes, or binary when imported as HEX or BASE64.
 */
final class Salting {

    private final byte[] salt;
    private final String location;
    private final String rule;

    private Salting(byte[] salt, String location, String rule) {
        this.salt = salt;
        this.location = location;
        this.rule = rule;
    }

    /** The credential's salting, or null when it has no salt (an empty salt is none). */
    static Salting of(PasswordCredential credential) {
        if (credential.salt() == null || credential.salt().isEmpty()) {
            return null;
        }
        byte[] salt = decoded(credential.salt(), credential.saltEncoding(), "Salt.SaltValue");
        String location = credential.saltLocation() == null ? PasswordVerifier.HEAD : credential.saltLocation();
        String rule = null;
        if (PasswordVerifier.OTHER.equals(location)) {
            rule = credential.saltRegex();
            if (rule == null || !rule.contains("{salt}") || !rule.contains("{password}")) {
                throw PasswordVerifier.invalid("SaltLocationRule.Regex",
                        "an OTHER salt location needs a rule placing {salt} and {password}, e.g. {salt}:{password}");
            }
        } else if (!PasswordVerifier.HEAD.equals(location) && !PasswordVerifier.TAIL.equals(location)) {
            throw PasswordVerifier.invalid("SaltLocationTypeEnum", "must be HEAD, TAIL or OTHER");
        }
        return new Salting(salt, location, rule);
    }

    /** The bytes that were hashed: the password with the salt where the credential says it goes. */
    static byte[] apply(Salting salting, String candidate) {
        byte[] password = candidate.getBytes(StandardCharsets.UTF_8);
        return salting == null ? password : salting.around(password);
    }

    private byte[] around(byte[] password) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(salt.length + password.length + 16);
        switch (location) {
            case PasswordVerifier.HEAD -> {
                out.writeBytes(salt);
                out.writeBytes(password);
            }
            case PasswordVerifier.TAIL -> {
                out.writeBytes(password);
                out.writeBytes(salt);
            }
            default -> fill(out, password);
        }
        return out.toByteArray();
    }

    /** Fills the OTHER rule in one pass, so a salt that itself holds "{password}" is not rewritten. */
    private void fill(ByteArrayOutputStream out, byte[] password) {
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < rule.length(); ) {
            boolean isSalt = rule.startsWith("{salt}", i);
            boolean isPassword = !isSalt && rule.startsWith("{password}", i);
            if (isSalt || isPassword) {
                out.writeBytes(literal.toString().getBytes(StandardCharsets.UTF_8));
                literal.setLength(0);
                out.writeBytes(isSalt ? salt : password);
                i += isSalt ? "{salt}".length() : "{password}".length();
            } else {
                literal.append(rule.charAt(i++));
            }
        }
        out.writeBytes(literal.toString().getBytes(StandardCharsets.UTF_8));
    }

    static byte[] decoded(String value, String encoding, String field) {
        try {
            return Encodings.decode(value, encoding);
        } catch (IllegalArgumentException e) {
            throw PasswordVerifier.invalid(field, e.getMessage());
        }
    }
}
