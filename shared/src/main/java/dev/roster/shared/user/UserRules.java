package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** Formats and normal forms of the three identifiers that are unique within a user store. */
public final class UserRules {

    public static final int USER_NAME_MAX = 128;
    public static final int EMAIL_MAX = 254;
    public static final int PHONE_MAX = 32;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9]+([- ][0-9]+)*$");
    /**
     * A user id: Roster's own are 32 lowercase hex digits; an import may keep its file's (Auth0's user_id), so any 1 to
     * 64 ASCII letters, digits, {@code _} or {@code -}. That charset is safe in keys, page tokens and paths, and its
     * UTF-16 order is its byte order, so listings sort users as DynamoDB does.
     */
    public static final String USER_ID_CHARS = "[A-Za-z0-9_-]{1,64}";
    private static final Pattern USER_ID = Pattern.compile("^" + USER_ID_CHARS + "$");

    private UserRules() {
    }

    /** Whether {@code value} can be a user id (see {@link #USER_ID_CHARS}). */
    public static boolean isUserId(String value) {
        return value != null && USER_ID.matcher(value).matches();
    }

    /** A user id an import keeps, or an InvalidRequestException naming {@code field}. */
    public static String userId(String value, String field) {
        if (!isUserId(value)) {
            throw InvalidRequestException.invalidValue(field, "must be 1 to 64 letters, digits, _ or -");
        }
        return value;
    }

    /**
     * A user name as RFC 8265's UsernameCasePreserved profile prepares it (width mapping, NFC, IdentifierClass, the
     * Bidi Rule): the form that is stored and shown. Case is kept for display; {@link #userNameKey} compares.
     */
    public static String userName(String value) {
        return Precis.username(value, "UserName");
    }

    /**
     * An email address, width-mapped and in NFC, of IdentifierClass code points (letters, digits, printable ASCII).
     * SMTPUTF8 would allow symbols and emoji in a local part; identity systems refuse them, and so does Roster.
     */
    public static String email(String value) {
        String prepared = Precis.identifier(value, "Email");
        if (!EMAIL.matcher(prepared).matches()) {
            throw InvalidRequestException.invalidValue("Email", "not an email address");
        }
        return prepared;
    }

    /** A phone number in ASCII digits: full-width digits and signs are width-mapped to ASCII first. */
    public static String phoneNumber(String value) {
        Precis.refuseMarks(value, "PhoneNumber");
        String prepared = Normalizer.normalize(Precis.widthMap(value), Normalizer.Form.NFC);
        long digits = prepared.chars().filter(Character::isDigit).count();
        if (!PHONE.matcher(prepared).matches() || digits < 5 || digits > 20) {
            throw InvalidRequestException.invalidValue("PhoneNumber", "not a phone number");
        }
        return prepared;
    }

    /**
     * A plain-text password as RFC 8265's OpaqueString profile enforces it (non-ASCII spaces to U+0020, NFC, no
     * control, format, zero-width or unassigned code points): the form that is hashed.
     */
    /**
     * The longest password a check takes: above Roster's own rule, since imported users' passwords were set under
     * other systems' rules, yet bounded so that no request makes a KDF hash megabytes.
     */
    public static final int CHECKED_PASSWORD_MAX = 1024;

    /**
     * A password given to a check, in the form Roster hashes its own passwords in (RFC 8265 OpaqueString, as
     * {@link #password}), but with no minimum: an imported user's password may be shorter than Roster's rule.
     */
    public static String candidatePassword(String value) {
        String enforced = Precis.opaqueString(value, "Password");
        if (enforced.isEmpty() || enforced.length() > CHECKED_PASSWORD_MAX) {
            throw InvalidRequestException.invalidValue("Password",
                    "must be 1 to " + CHECKED_PASSWORD_MAX + " characters long");
        }
        return enforced;
    }

    public static String password(String value) {
        String enforced = Precis.opaqueString(value, "Password");
        if (enforced.length() < PASSWORD_MIN || enforced.length() > PASSWORD_MAX) {
            throw InvalidRequestException.invalidValue("Password",
                    "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters long");
        }
        return enforced;
    }

    /**
     * Emails are unique regardless of case, width and composition, over the whole address (as Auth0 and Cognito
     * compare them). Total: it never refuses, so lookups and values stored under older rules always have a key.
     */
    public static String emailKey(String email) {
        return Precis.caseMapped(email);
    }

    /** "+86-198 7775 5556", "+8619877755556" and its full-width spelling are the same number. */
    public static String phoneKey(String phone) {
        String mapped = Precis.widthMap(phone);
        StringBuilder key = new StringBuilder(mapped.length());
        for (char c : mapped.toCharArray()) {
            if (Character.isDigit(c) || c == '+') {
                key.append(c);
            }
        }
        return key.toString();
    }

    /**
     * User names are unique regardless of case (as in Auth0 and Cognito), width and composition: RFC 8265's
     * UsernameCaseMapped comparison form. Total, like {@link #emailKey}.
     */
    public static String userNameKey(String userName) {
        return Precis.caseMapped(userName);
    }
}
