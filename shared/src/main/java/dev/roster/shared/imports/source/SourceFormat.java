package dev.roster.shared.imports.source;

import dev.roster.shared.imports.ImportLimits;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * The file formats an import reads as they are, each turned record by record into Roster's ImportUser form.
 * ROSTER is Roster's own NDJSON of ImportUser records (the default). AUTH0 is the NDJSON of an Auth0 users-exports
 * job, joined with Auth0's password-hash export when one is given ({@link Auth0ExportReader}); AUTH0_IMPORT is
 * Auth0's bulk-import JSON array ({@link Auth0ImportReader}).
 */
public enum SourceFormat {
    ROSTER, AUTH0, AUTH0_IMPORT, KEYCLOAK, COGNITO;

    /** What a failed record is called when nothing in it identifies a user: NDJSON has lines, the others records. */
    public String recordName() {
        return this == ROSTER || this == AUTH0 ? "line" : "record";
    }

    /**
     * The records of {@code data} (already inflated if it was gzip'd) in file order, within {@code limits}.
     * {@code passwordHashes} opens a second file joined to the first (Auth0's password-hash export); null for none.
     */
    public RecordReader open(InputStream data, ImportLimits limits, Supplier<InputStream> passwordHashes)
            throws IOException {
        return switch (this) {
            case ROSTER -> new RosterNdjsonReader(data, limits);
            case AUTH0 -> new Auth0ExportReader(data, limits, passwordHashes);
            case AUTH0_IMPORT -> new Auth0ImportReader(data, limits);
            case KEYCLOAK -> new KeycloakReader(data, limits);
            case COGNITO -> CognitoReader.open(data, limits);
        };
    }
}
