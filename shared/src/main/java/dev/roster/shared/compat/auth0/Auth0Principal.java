package dev.roster.shared.compat.auth0;

import dev.roster.shared.error.UnauthorizedException;

import java.util.Objects;
import java.util.Set;

/** Who called the Auth0 front door: the one user store its token opens, and the Management API scopes it holds. */
public record Auth0Principal(String userStoreId, Set<String> scopes) {

    public Auth0Principal {
        Objects.requireNonNull(userStoreId, "userStoreId");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** Fails with 403 UnauthorizedOperation, in Auth0's words, unless the token holds {@code scope}. */
    public void require(String scope) {
        if (!scopes.contains(scope)) {
            throw new UnauthorizedException(UnauthorizedException.UNAUTHORIZED_OPERATION,
                    "Insufficient scope, expected any of: " + scope);
        }
    }
}
