package dev.roster.shared.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PasswordVerifier}: every algorithm it knows, with the salt at every position an import can give. */
class PasswordVerifierTest {

    /** Non-ASCII on purpose: imported hashes are over the UTF-8 bytes of the salted password. */
    private static final String PASSWORD = "Pässwörd-密码-123";
    private static final String SALT = "s@lt***";
    private static final String RULE = "{salt}:{password}";
    private static final String WRONG = "Pässwörd-密码-124";

    /** Where the salt goes, as an import names it; NONE means the credential has no salt. */
    enum Position {
        NONE, HEAD, TAIL, OTHER;

        /** The string that was hashed, built here independently of the code under test. */
        String salted(String password) {
            return switch (this) {
                case NONE -> password;
                case HEAD -> SALT + password;
                case TAIL -> password + SALT;
                case OTHER -> SALT + ":" + password;
            };
        }

        String salt() {
            return this == NONE ? null : SALT;
        }

        String location() {
            return this == NONE ? null : name();
        }

        String rule() {
            return this == OTHER ? RULE : null;
        }
    }

    enum Encoding {
        LOWER_HEX, UPPER_HEX, BASE64;

        String encode(byte[] digest) {
            return switch (this) {
                case LOWER_HEX -> HexFormat.of().formatHex(digest);
                case UPPER_HEX -> HexFormat.of().withUpperCase().formatHex(digest);
                case BASE64 -> Base64.getEncoder().encodeToString(digest);
            };
        }
    }

    private static byte[] digest(String algorithm, String text) {
        String jdkName = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA1" -> "SHA-1";
            case "SHA256" -> "SHA-256";
            default -> throw new IllegalArgumentException(algorithm);
        };
        try {
            return MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lowerHex(String algorithm, String text) {
        return Encoding.LOWER_HEX.encode(digest(algorithm, text));
    }

    private static String bcrypt(String text) {
        return BCrypt.withDefaults().hashToString(4, text.toCharArray());
    }

    private static PasswordCredential imported(String algorithm, String hash, Position position) {
        return new PasswordCredential(algorithm, hash, position.salt(), position.location(), position.rule(), 0);
    }

    static User user(PasswordCredential credential) {
        return new User("d733b65803284091a998ab707d820726", "u-1", "zhangsan", null, null, Map.of(), null,
                List.of(), List.of(), List.of(), false, User.STATUS_NOT_ENABLED, "IMPORT", 1L, 1L, 1L, credential);
    }

    /** Every algorithm × every salt position (and, for MD5/SHA, every encoding), each a named case. */
    static Stream<Arguments> credentials() {
        List<Arguments> cases = new ArrayList<>();
        for (String algorithm : List.of("MD5", "SHA1", "SHA256")) {
            for (Position position : Position.values()) {
                for (Encoding encoding : Encoding.values()) {
                    String hash = encoding.encode(digest(algorithm, position.salted(PASSWORD)));
                    cases.add(Arguments.of(algorithm + " / salt " + position + " / " + encoding,
                            imported(algorithm, hash, position)));
                }
            }
        }
        for (Position position : Position.values()) {
            cases.add(Arguments.of("BCRYPT / salt " + position,
                    imported("BCRYPT", bcrypt(position.salted(PASSWORD)), position)));
        }
        // Our own KDF keeps its own random salt with the hash; there is no import-style salt position to vary.
        cases.add(Arguments.of(PasswordHasher.ALGORITHM + " / own random salt",
                new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(PASSWORD)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void matchesTheRightPassword(String name, PasswordCredential credential) {
        // given
        User user = user(credential);

        // when
        boolean matches = PasswordVerifier.matches(user.password(), PASSWORD);

        // then
        assertTrue(matches, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void refusesAWrongPassword(String name, PasswordCredential credential) {
        // given
        User user = user(credential);

        // when
        boolean wrong = PasswordVerifier.matches(user.password(), WRONG);
        boolean wrongCase = PasswordVerifier.matches(user.password(), PASSWORD.toUpperCase(Locale.ROOT));
        boolean empty = PasswordVerifier.matches(user.password(), "");
        boolean prefixOnly = PasswordVerifier.matches(user.password(), PASSWORD.substring(0, PASSWORD.length() - 1));

        // then
        assertFalse(wrong, name);
        assertFalse(wrongCase, name);
        assertFalse(empty, name);
        assertFalse(prefixOnly, name);
    }

    /** Imported credentials whose salt is somewhere: for each, the salt at any other position must not verify. */
    static Stream<Arguments> saltedCredentials() {
        List<Arguments> cases = new ArrayList<>();
        for (String algorithm : List.of("MD5", "SHA1", "SHA256", "BCRYPT")) {
            for (Position position : List.of(Position.HEAD, Position.TAIL, Position.OTHER)) {
                cases.add(Arguments.of(algorithm, position));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} hashed with salt {1}")
    @MethodSource("saltedCredentials")
    void theSaltMustBeWhereTheCredentialSays(String algorithm, Position position) {
        // given a hash of the password salted at one position
        String salted = position.salted(PASSWORD);
        String hash = algorithm.equals("BCRYPT") ? bcrypt(salted) : lowerHex(algorithm, salted);
        List<PasswordCredential> elsewhere = new ArrayList<>();
        for (Position other : Position.values()) {
            if (other != position) {
                elsewhere.add(imported(algorithm, hash, other));
            }
        }

        // when / then: the same hash with the salt said to be anywhere else does not verify
        for (PasswordCredential credential : elsewhere) {
            assertFalse(PasswordVerifier.matches(credential, PASSWORD),
                    algorithm + " hashed with " + position + ", credential says " + credential.saltLocation());
        }
        // and the salted string itself is not accepted as the password
        assertFalse(PasswordVerifier.matches(user(imported(algorithm, hash, position)).password(), salted));
    }

    @Test
    void aSaltWithoutALocationGoesAtTheHead() {
        // given
        String hash = lowerHex("SHA256", SALT + PASSWORD);
        PasswordCredential credential = new PasswordCredential("SHA256", hash, SALT, null, null, 0);

        // when
        boolean matches = PasswordVerifier.matches(credential, PASSWORD);

        // then
        assertTrue(matches);
    }

    @Test
    void anOtherRuleMayPlaceThePasswordMoreThanOnce() {
        // given
        String rule = "{password}|{salt}|{password}";
        String hash = lowerHex("SHA1", PASSWORD + "|" + SALT + "|" + PASSWORD);
        PasswordCredential credential = new PasswordCredential("SHA1", hash, SALT, "OTHER", rule, 0);

        // when
        boolean right = PasswordVerifier.matches(credential, PASSWORD);
        boolean wrong = PasswordVerifier.matches(credential, WRONG);

        // then
        assertTrue(right);
        assertFalse(wrong);
    }

    @Test
    void anEmptySaltIsNoSalt() {
        // given
        String hash = lowerHex("MD5", PASSWORD);
        PasswordCredential credential = new PasswordCredential("MD5", hash, "", "TAIL", null, 0);

        // when
        boolean matches = PasswordVerifier.matches(credential, PASSWORD);

        // then
        assertTrue(matches);
    }

    @Test
    void aUserWithoutACredentialMatchesNothing() {
        // given
        User user = user(null);

        // when
        boolean password = PasswordVerifier.matches(user.password(), PASSWORD);
        boolean empty = PasswordVerifier.matches(user.password(), "");
        boolean nullCandidate = PasswordVerifier.matches(user.password(), null);

        // then
        assertFalse(password);
        assertFalse(empty);
        assertFalse(nullCandidate);
    }

    @Test
    void aNullCandidateMatchesNothing() {
        // given
        User sha = user(imported("SHA1", lowerHex("SHA1", PASSWORD), Position.NONE));
        User bcrypt = user(imported("BCRYPT", bcrypt(PASSWORD), Position.NONE));
        User ours = user(new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(PASSWORD));

        // when
        boolean shaMatches = assertDoesNotThrow(() -> PasswordVerifier.matches(sha.password(), null));
        boolean bcryptMatches = assertDoesNotThrow(() -> PasswordVerifier.matches(bcrypt.password(), null));
        boolean oursMatches = assertDoesNotThrow(() -> PasswordVerifier.matches(ours.password(), null));

        // then
        assertFalse(shaMatches);
        assertFalse(bcryptMatches);
        assertFalse(oursMatches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROT13", "SHA384", "sha1", "PLAINTEXT", ""})
    void anUnknownAlgorithmMatchesNothing(String algorithm) {
        // given a hash that would verify were the algorithm SHA1, and one that is the password itself
        User hashed = user(new PasswordCredential(algorithm, lowerHex("SHA1", PASSWORD), null, null, null, 0));
        User plain = user(new PasswordCredential(algorithm, PASSWORD, null, null, null, 0));

        // when
        boolean hashedMatches = assertDoesNotThrow(() -> PasswordVerifier.matches(hashed.password(), PASSWORD));
        boolean plainMatches = assertDoesNotThrow(() -> PasswordVerifier.matches(plain.password(), PASSWORD));

        // then
        assertFalse(hashedMatches);
        assertFalse(plainMatches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA1", "SHA256", "BCRYPT"})
    void anOtherSaltLocationWithoutARuleMatchesNothing(String algorithm) {
        // given hashes of every way the salt could have been placed
        List<PasswordCredential> credentials = new ArrayList<>();
        for (Position position : Position.values()) {
            String salted = position.salted(PASSWORD);
            String hash = algorithm.equals("BCRYPT") ? bcrypt(salted) : lowerHex(algorithm, salted);
            credentials.add(new PasswordCredential(algorithm, hash, SALT, "OTHER", null, 0));
        }

        // when / then
        for (PasswordCredential credential : credentials) {
            assertFalse(assertDoesNotThrow(() -> PasswordVerifier.matches(credential, PASSWORD)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MIDDLE", "head", ""})
    void anUnknownSaltLocationMatchesNothing(String location) {
        // given
        String hash = lowerHex("SHA256", SALT + PASSWORD);
        PasswordCredential credential = new PasswordCredential("SHA256", hash, SALT, location, null, 0);

        // when
        boolean matches = assertDoesNotThrow(() -> PasswordVerifier.matches(credential, PASSWORD));

        // then
        assertFalse(matches);
    }

    static Stream<Arguments> corruptedHashes() {
        String md5 = lowerHex("MD5", PASSWORD);
        String sha1 = lowerHex("SHA1", PASSWORD);
        String sha256 = lowerHex("SHA256", PASSWORD);
        String bcrypt = bcrypt(PASSWORD);
        // a character in the middle of the hash part (index 29 on), where all six bits count
        char middle = bcrypt.charAt(40);
        String flipped = bcrypt.substring(0, 40) + (middle == 'a' ? 'b' : 'a') + bcrypt.substring(41);
        return Stream.of(
                Arguments.of("MD5", "not a hash!"),
                Arguments.of("MD5", md5.substring(1)),
                Arguments.of("MD5", md5 + "00"),
                Arguments.of("MD5", "ff" + md5.substring(2)),
                Arguments.of("MD5", ""),
                Arguments.of("SHA1", "password"),
                Arguments.of("SHA1", sha1.substring(0, 39)),
                Arguments.of("SHA1", sha1.replace(sha1.charAt(0), sha1.charAt(0) == 'a' ? 'b' : 'a')),
                Arguments.of("SHA1", "%%%%"),
                Arguments.of("SHA256", sha256.substring(0, 40)),
                Arguments.of("SHA256", "zz" + sha256.substring(2)),
                Arguments.of("SHA256", "===="),
                Arguments.of("BCRYPT", "password"),
                Arguments.of("BCRYPT", ""),
                Arguments.of("BCRYPT", bcrypt.substring(0, bcrypt.length() - 1)),
                Arguments.of("BCRYPT", flipped),
                Arguments.of("BCRYPT", "$2a$04$" + "!".repeat(53)),
                Arguments.of("BCRYPT", "$2a$03$" + bcrypt.substring(7)),
                Arguments.of("BCRYPT", "$2a$99$" + bcrypt.substring(7)),
                Arguments.of("BCRYPT", sha1));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("corruptedHashes")
    void aCorruptedHashMatchesNothingAndDoesNotThrow(String algorithm, String hash) {
        // given
        User user = user(new PasswordCredential(algorithm, hash, null, null, null, 0));

        // when
        boolean matches = assertDoesNotThrow(() -> PasswordVerifier.matches(user.password(), PASSWORD));

        // then
        assertFalse(matches);
    }

    static Stream<Arguments> wellFormedHashes() {
        byte[] md5 = digest("MD5", PASSWORD);
        byte[] sha1 = digest("SHA1", PASSWORD);
        byte[] sha256 = digest("SHA256", PASSWORD);
        String bcrypt = bcrypt(PASSWORD);
        List<Arguments> cases = new ArrayList<>();
        for (Encoding encoding : Encoding.values()) {
            cases.add(Arguments.of("MD5", encoding.encode(md5)));
            cases.add(Arguments.of("SHA1", encoding.encode(sha1)));
            cases.add(Arguments.of("SHA256", encoding.encode(sha256)));
        }
        cases.add(Arguments.of("MD5", Base64.getEncoder().withoutPadding().encodeToString(md5)));
        cases.add(Arguments.of("BCRYPT", bcrypt));
        cases.add(Arguments.of("BCRYPT", "$2y$" + bcrypt.substring(4)));
        cases.add(Arguments.of("BCRYPT", "$2b$" + bcrypt.substring(4)));
        cases.add(Arguments.of("BCRYPT", "$2$" + bcrypt.substring(4)));
        cases.add(Arguments.of("BCRYPT", "$2a$10$" + bcrypt.substring(7)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("wellFormedHashes")
    void wellFormedAcceptsAHashOfTheAlgorithm(String algorithm, String hash) {
        // when
        boolean wellFormed = PasswordVerifier.wellFormed(algorithm, hash);

        // then
        assertTrue(wellFormed);
    }

    static Stream<Arguments> malformedHashes() {
        String md5 = lowerHex("MD5", PASSWORD);
        String sha1 = lowerHex("SHA1", PASSWORD);
        String sha256 = lowerHex("SHA256", PASSWORD);
        String bcrypt = bcrypt(PASSWORD);
        return Stream.of(
                Arguments.of("MD5", sha1),
                Arguments.of("MD5", md5.substring(2)),
                Arguments.of("MD5", md5.substring(1)),
                Arguments.of("MD5", "password"),
                Arguments.of("MD5", "g".repeat(32)),
                Arguments.of("SHA1", "password"),
                Arguments.of("SHA1", md5),
                Arguments.of("SHA1", sha256),
                Arguments.of("SHA1", Base64.getEncoder().encodeToString(digest("MD5", PASSWORD))),
                Arguments.of("SHA1", "%%%%"),
                Arguments.of("SHA1", ""),
                Arguments.of("SHA256", sha1),
                Arguments.of("SHA256", sha256 + "0"),
                Arguments.of("SHA256", sha256 + "00"),
                Arguments.of("SHA256", bcrypt),
                Arguments.of("BCRYPT", "password"),
                Arguments.of("BCRYPT", sha1),
                Arguments.of("BCRYPT", bcrypt.substring(0, bcrypt.length() - 1)),
                Arguments.of("BCRYPT", bcrypt + "a"),
                Arguments.of("BCRYPT", "$2a$4$" + bcrypt.substring(7)),
                Arguments.of("BCRYPT", "$2c$" + bcrypt.substring(4)),
                Arguments.of("BCRYPT", "$2a$04$" + "!".repeat(53)),
                Arguments.of("BCRYPT", ""),
                Arguments.of("ROT13", md5),
                Arguments.of("ROT13", sha1));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("malformedHashes")
    void wellFormedRefusesAnythingElse(String algorithm, String hash) {
        // when
        boolean wellFormed = PasswordVerifier.wellFormed(algorithm, hash);

        // then
        assertFalse(wellFormed);
    }

    @Test
    void digestLengthsAreTheAlgorithms() {
        // when / then
        assertEquals(16, PasswordVerifier.digestLength("MD5"));
        assertEquals(20, PasswordVerifier.digestLength("SHA1"));
        assertEquals(32, PasswordVerifier.digestLength("SHA256"));
        assertEquals(0, PasswordVerifier.digestLength("BCRYPT"));
        assertEquals(0, PasswordVerifier.digestLength("ROT13"));
    }

    @Test
    void aDamagedPbkdf2CredentialVerifiesNothingAndThrowsNothing() {
        // given stored PBKDF2 credentials of ours (before argon2id) with a bad hash, no salt, zero iterations
        PasswordCredential[] damaged = {
                new PasswordCredential(PasswordHasher.PBKDF2_SHA512, "not base64!", "c2FsdA==", null, null, 1000),
                new PasswordCredential(PasswordHasher.PBKDF2_SHA512, "aGFzaA==", null, null, null, 1000),
                new PasswordCredential(PasswordHasher.PBKDF2_SHA512, "aGFzaA==", "c2FsdA==", null, null, 0)};

        // then
        for (PasswordCredential credential : damaged) {
            assertFalse(PasswordVerifier.matches(credential, "anything"));
        }
    }

    @Test
    void anOtherRuleIsFilledInOnePassSoASaltMayHoldThePlaceholder() {
        // given a salt that itself contains "{password}"
        String salt = "x{password}y";
        String hash = lowerHex("SHA1", salt + ":" + "secret");
        PasswordCredential credential = new PasswordCredential("SHA1", hash, salt, "OTHER", "{salt}:{password}", 0);

        // then
        assertTrue(PasswordVerifier.matches(credential, "secret"));
        assertFalse(PasswordVerifier.matches(credential, "secreT"));
    }

    @Test
    void bcryptHashesTooCostlyToVerifyAndUnknownAlgorithmsAreNotWellFormed() {
        // given
        String body = "$2a$31$" + "a".repeat(53);

        // then
        assertFalse(PasswordVerifier.wellFormed("BCRYPT", body));
        assertTrue(PasswordVerifier.wellFormed("BCRYPT", "$2a$10$" + "a".repeat(53)));
        assertFalse(PasswordVerifier.wellFormed("ROT13", ""));
        assertFalse(PasswordVerifier.wellFormed("SHA1", null));
    }
}
