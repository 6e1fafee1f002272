package dev.roster.shared.user;

/**
 * A listing of users: a page after {@code nextToken}, or an exact lookup when an identifier is given (all given
 * ones must name the same user); {@code userGroup} keeps only that group's members. Null means not given.
 */
public record UserQuery(int pageSize, String nextToken, String email, String phoneNumber, String userName,
                        String userGroup) {

    /** The user (if any) with this email, as a one-user listing. */
    public static UserQuery byEmail(String email) {
        return new UserQuery(UserService.DEFAULT_PAGE_SIZE, null, email, null, null, null);
    }

    String lookup(UniqueKey key) {
        return switch (key) {
            case EMAIL -> email;
            case PHONE -> phoneNumber;
            case USERNAME -> userName;
        };
    }
}
