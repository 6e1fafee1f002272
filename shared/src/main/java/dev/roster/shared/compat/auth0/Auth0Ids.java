package dev.roster.shared.compat.auth0;

import java.util.Objects;

/** Auth0-shaped ids over Roster's: users are {@code auth0|<UserId>}, jobs {@code job_<JobId>}. */
public final class Auth0Ids {

    public static final String USER_PREFIX = "auth0|";
    public static final String JOB_PREFIX = "job_";

    private Auth0Ids() {
    }

    public static String userId(String rosterUserId) {
        return USER_PREFIX + Objects.requireNonNull(rosterUserId, "rosterUserId");
    }

    /** Roster's UserId in an Auth0 user id, or null when the id is not {@code auth0|<something>}. */
    public static String rosterUserId(String auth0Id) {
        return strip(auth0Id, USER_PREFIX);
    }

    public static String jobId(String rosterJobId) {
        return JOB_PREFIX + Objects.requireNonNull(rosterJobId, "rosterJobId");
    }

    /** Roster's JobId in an Auth0 job id, or null when the id is not {@code job_<something>}. */
    public static String rosterJobId(String auth0Id) {
        return strip(auth0Id, JOB_PREFIX);
    }

    private static String strip(String id, String prefix) {
        if (id == null || !id.startsWith(prefix) || id.length() == prefix.length()) {
            return null;
        }
        String rest = id.substring(prefix.length());
        // A second prefix or a path character can never be one of our ids.
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '|' || c == '/' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return null;
            }
        }
        return rest;
    }
}
