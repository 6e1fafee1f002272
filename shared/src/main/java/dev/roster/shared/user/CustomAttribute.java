package dev.roster.shared.user;

/** One of a user's custom attributes (the seeds' MemberMap): a name, a string value and its declared type. */
public record CustomAttribute(String name, String value, String type) {
}
