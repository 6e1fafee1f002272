package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;

import java.util.function.Function;
import java.util.function.Supplier;

/** The identifiers that are unique within a user store, each with its normal form and its "taken" error. */
public enum UniqueKey {
    EMAIL(User::email, UserRules::emailKey, ConflictException.EMAIL_ALREADY_EXISTS, "email address", "Email"),
    PHONE(User::phoneNumber, UserRules::phoneKey, ConflictException.PHONE_NUMBER_ALREADY_EXISTS, "phone number",
            "PhoneNumber"),
    USERNAME(User::userName, UserRules::userNameKey, ConflictException.USER_NAME_ALREADY_EXISTS, "user name",
            "UserName");

    private final Function<User, String> value;
    private final Function<String, String> normalize;
    /** The conflict a write meets when another user holds the value, naming the field that holds it. */
    private final Supplier<ConflictException> taken;

    UniqueKey(Function<User, String> value, Function<String, String> normalize, String takenCode,
              String description, String field) {
        this.value = value;
        this.normalize = normalize;
        this.taken = () -> new ConflictException(takenCode, "The " + description + " is already bound to another user.",
                field);
    }

    /** The user's normalised value for this key, or null where the user has none. */
    public String keyOf(User user) {
        String raw = value.apply(user);
        return raw == null ? null : normalize.apply(raw);
    }

    public String normalize(String raw) {
        return normalize.apply(raw);
    }

    public ConflictException taken() {
        return taken.get();
    }
}
