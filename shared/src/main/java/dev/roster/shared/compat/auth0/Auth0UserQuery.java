package dev.roster.shared.compat.auth0;

import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.user.UniqueKey;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserQuery;
import dev.roster.shared.user.UserService;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Auth0's user search query ({@code q} of GET /api/v2/users, Lucene syntax of search engine v3) as far as Roster
 * answers it exactly: {@code field:value} terms joined by {@code AND}, a value quoted ({@code "jane smith"}, with
 * {@code \"} and {@code \\} escapes) or a bare word. As Auth0 documents, email and the names compare without case;
 * user names compare as Roster keeps them unique (without case), the others exactly. Anything else (OR, NOT, wildcards, ranges, other fields) is refused, never answered wrongly.
 */
record Auth0UserQuery(List<Term> terms) {

    /** One {@code field:value} term. */
    record Term(String field, String value) {
    }

    static final String HELP = "q supports exact field:value terms joined by AND, on email, user_id, username, name,"
            + " given_name, family_name, nickname, email_verified and blocked (quote values holding spaces or"
            + " special characters: name:\"Jane Smith\")";

    /** A searchable field: how it reads a user, and the normal form both sides are compared in. */
    private record Field(Function<User, String> read, UnaryOperator<String> normalize) {
    }

    private static final UnaryOperator<String> CASELESS = v -> v.toLowerCase(Locale.ROOT);
    private static final Map<String, Field> FIELDS = Map.of(
            "email", new Field(User::email, UniqueKey.EMAIL::normalize),
            "name", new Field(u -> u.profile("Name"), CASELESS),
            "given_name", new Field(u -> u.profile("GivenName"), CASELESS),
            "family_name", new Field(u -> u.profile("FamilyName"), CASELESS),
            "nickname", new Field(u -> u.profile("Nickname"), CASELESS),
            "user_id", new Field(u -> Auth0Ids.userId(u.userId()), UnaryOperator.identity()),
            "username", new Field(User::userName, UniqueKey.USERNAME::normalize),
            "email_verified", new Field(u -> String.valueOf(u.emailVerified()), UnaryOperator.identity()),
            "blocked", new Field(u -> String.valueOf(u.blocked()), UnaryOperator.identity()));
    /** Lucene's special characters, which a bare value may not hold; and those it may not start with. */
    private static final String SPECIAL = "(){}[]^\"~*?:\\";
    private static final String SPECIAL_FIRST = "+-!/";

    static Auth0UserQuery parse(String q) {
        if (q == null) {
            throw refused();
        }
        List<Term> terms = new ArrayList<>();
        int at = skipSpaces(q, 0);
        while (true) {
            int colon = q.indexOf(':', at);
            if (colon < 0) {
                throw refused();
            }
            String field = q.substring(at, colon);
            if (!FIELDS.containsKey(field)) {
                throw refused();
            }
            StringBuilder value = new StringBuilder();
            at = readValue(q, colon + 1, value);
            String text = value.toString();
            if (text.isBlank() || (field.equals("email_verified") || field.equals("blocked"))
                    && !text.equals("true") && !text.equals("false")) {
                throw refused();
            }
            terms.add(new Term(field, text));
            at = skipSpaces(q, at);
            if (at == q.length()) {
                return new Auth0UserQuery(List.copyOf(terms));
            }
            if (!q.startsWith("AND ", at)) {
                throw refused();
            }
            at = skipSpaces(q, at + 4);
        }
    }

    /** Reads a quoted or bare value into {@code value}; returns where it ends. */
    private static int readValue(String q, int at, StringBuilder value) {
        if (at < q.length() && q.charAt(at) == '"') {
            for (int i = at + 1; i < q.length(); i++) {
                char c = q.charAt(i);
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\' && i + 1 < q.length()) {
                    c = q.charAt(++i);
                }
                value.append(c);
            }
            throw refused();  // no closing quote
        }
        int i = at;
        while (i < q.length() && !Character.isWhitespace(q.charAt(i))) {
            value.append(q.charAt(i++));
        }
        String bare = value.toString();
        if (bare.isEmpty() || SPECIAL_FIRST.indexOf(bare.charAt(0)) >= 0 || bare.contains("&&") || bare.contains("||")
                || bare.chars().anyMatch(c -> SPECIAL.indexOf(c) >= 0)) {
            throw refused();
        }
        return i;
    }

    private static int skipSpaces(String q, int at) {
        while (at < q.length() && Character.isWhitespace(q.charAt(at))) {
            at++;
        }
        return at;
    }

    private static InvalidRequestException refused() {
        return InvalidRequestException.invalidValue("q", HELP);
    }

    /** Whether a user satisfies every term. */
    Predicate<User> matcher() {
        Predicate<User> all = u -> true;
        for (Term term : terms) {
            Field field = FIELDS.get(term.field());
            String wanted = field.normalize().apply(term.value());
            all = all.and(u -> {
                String have = field.read().apply(u);
                return have != null && field.normalize().apply(have).equals(wanted);
            });
        }
        return all;
    }

    /**
     * One page of the matching users and their number. A term naming one user (user_id, email, username) is read
     * through its id or identifier index, so the store is read only when no term names anyone.
     */
    UserService.NumberedPage run(UserService users, String store, int page, int perPage) {
        Optional<User> named = null;
        for (Term term : terms) {
            named = switch (term.field()) {
                case "user_id" -> Optional.ofNullable(Auth0Ids.rosterUserId(term.value()))
                        .flatMap(id -> users.find(store, id));
                case "email" -> first(users.list(store, UserQuery.byEmail(term.value())).users());
                case "username" -> first(users.list(store, new UserQuery(UserService.DEFAULT_PAGE_SIZE, null, null,
                        null, term.value(), null)).users());
                default -> named;
            };
            if (named != null) {
                break;
            }
        }
        if (named == null) {
            return users.pageMatching(store, matcher(), page + 1, perPage);
        }
        List<User> matched = named.filter(matcher()).map(List::of).orElse(List.of());
        return new UserService.NumberedPage(page == 0 ? matched : List.of(), matched.size());
    }

    private static Optional<User> first(List<User> found) {
        return found.stream().findFirst();
    }
}
