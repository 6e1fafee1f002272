package dev.roster.shared.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A stored credential that is damaged (or was written by a bug, or edited by hand) verifies nothing and throws
 * nothing: a login must never become a server error, nor an over-cap hash a denial of service.
 */
class DamagedHashesTest {

    private static final String SALT = "c29tZXNhbHQ";
    private static final String HASH = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    static Stream<Arguments> damaged() {
        return Stream.of(
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=2,p=1$" + SALT + "$"),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=2,p=1$" + SALT),
                Arguments.of("ARGON2", "$argon2id$v=20$m=65536,t=2,p=1$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=abc,t=2,p=1$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=2,p=1,m=8$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=4,t=2,p=1$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=0,p=1$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=99999999999,t=2,p=1$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2x$v=19$m=65536,t=2,p=1$" + SALT + "$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=2,p=1$c2$" + HASH),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=2,p=1$" + SALT + "$!!" + HASH),
                Arguments.of("ARGON2", "argon2id$v=19$m=65536,t=2,p=1$" + SALT + "$" + HASH),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=0$" + SALT + "$" + HASH),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=-5$" + SALT + "$" + HASH),
                Arguments.of("PBKDF2", "$pbkdf2-md5$i=1000$" + SALT + "$" + HASH),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=1000,l=99$" + SALT + "$" + HASH),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=1000$" + SALT + "$" + "QUJD"),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=1000$$" + HASH),
                Arguments.of("PBKDF2", "pbkdf2_sha256$$salt$" + HASH),
                Arguments.of("PBKDF2", "pbkdf2_sha256$1000$salt"),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$99999999999$" + SALT + "$" + HASH),
                Arguments.of("SCRYPT", "$scrypt$ln=0,r=8,p=1$" + SALT + "$" + HASH),
                Arguments.of("SCRYPT", "$scrypt$ln=99,r=8,p=1$" + SALT + "$" + HASH),
                Arguments.of("SCRYPT", "$scrypt$ln=10,r=0,p=1$" + SALT + "$" + HASH),
                Arguments.of("SCRYPT", "$scrypt$ln=10,r=8,p=1,x=1$" + SALT + "$" + HASH),
                Arguments.of("SCRYPT", "$scrypt$ln=10,r=8,p=1$" + SALT),
                Arguments.of("LDAP", "{SSHA}"),
                Arguments.of("LDAP", "{SSHA}!!!!"),
                Arguments.of("LDAP", "{SSHA}" + "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                Arguments.of("LDAP", "{SHA}" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                Arguments.of("LDAP", "{SSHA512}AAAA"),
                Arguments.of("LDAP", "{CRYPT}$1$abc$def"),
                Arguments.of("LDAP", "SSHA}abc"),
                Arguments.of("SHA512", "ab".repeat(63)),
                Arguments.of("MD4", "not hex at all"),
                Arguments.of("HMAC_SHA256", "ab".repeat(32)),
                Arguments.of("BCRYPT", "$2b$17$" + "a".repeat(53)),
                Arguments.of("BCRYPT", "$2b$03$" + "a".repeat(53)),
                Arguments.of("BCRYPT", "$2c$10$" + "a".repeat(53)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("damaged")
    void aDamagedHashMatchesNothingAndThrowsNothing(String algorithm, String hash) {
        // given
        PasswordCredential credential = new PasswordCredential(algorithm, hash, null, null, null, 0);

        // when
        boolean matches = assertDoesNotThrow(() -> PasswordVerifier.matches(credential, "password"));
        boolean wellFormed = assertDoesNotThrow(() -> PasswordVerifier.wellFormed(algorithm, hash));

        // then
        assertFalse(matches);
        if (!algorithm.startsWith("HMAC_")) {
            // (an HMAC_ digest of the right length is well-formed: here its key is what is missing)
            assertFalse(wellFormed);
        }
    }
}
