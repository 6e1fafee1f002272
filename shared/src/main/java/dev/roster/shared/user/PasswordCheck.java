package dev.roster.shared.user;

/**
 * A password check's command: the identifier a person signs in with (user name, email or phone number, in any of
 * the spellings that normalise to the stored one) and the password to check, already in its enforced form
 * ({@link UserRules#candidatePassword}).
 */
public record PasswordCheck(String identifier, String password) {

    @Override
    public String toString() {
        // Records print every component; the password must never reach a log line.
        return "PasswordCheck[" + identifier.length() + " chars]";
    }
}
