package dev.roster.shared.user;

import java.util.List;

/** One page of a user listing; {@code nextToken} is null on the last page. */
public record UserPage(List<User> users, String nextToken) {
}
