package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;

import java.util.Locale;
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

    private UserRules() {
    }

    public static String email(String value) {
        if (!EMAIL.matcher(value).matches()) {
            throw InvalidRequestException.invalidValue("Email", "not an email address");
        }
        return value;
    }

    public static String phoneNumber(String value) {
        long digits = value.chars().filter(Character::isDigit).count();
        if (!PHONE.matcher(value).matches() || digits < 5 || digits > 20) {
            throw InvalidRequestException.invalidValue("PhoneNumber", "not a phone number");
        }
        return value;
    }

    public static String password(String value) {
        if (value.length() < PASSWORD_MIN || value.length() > PASSWORD_MAX) {
            throw InvalidRequestException.invalidValue("Password",
                    "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters long");
        }
        return value;
    }

    /** Emails are unique regardless of case. */
    public static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /** "+86-198 7775 5556" and "+8619877755556" are the same number. */
    public static String phoneKey(String phone) {
        StringBuilder key = new StringBuilder(phone.length());
        for (char c : phone.toCharArray()) {
            if (Character.isDigit(c) || c == '+') {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** User names are unique regardless of case, as in Auth0 and Cognito. */
    public static String userNameKey(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
