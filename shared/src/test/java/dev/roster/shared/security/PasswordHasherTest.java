package dev.roster.shared.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    /** Cheap enough for tests; production uses DEFAULT_ITERATIONS. */
    private static final int FAST = PasswordHasher.MIN_ITERATIONS;
    private static final String PASSWORD = "@ppServer123";

    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void hashNeverContainsThePassword() {
        // given
        String password = PASSWORD;

        // when
        PasswordCredential credential = hasher.hash(password);

        // then
        assertFalse(credential.hash().contains(password));
        assertFalse(credential.salt().contains(password));
        String rawHash = new String(Base64.getDecoder().decode(credential.hash()), StandardCharsets.ISO_8859_1);
        assertFalse(rawHash.contains(password));
        assertFalse(credential.hash().contains(Base64.getEncoder().withoutPadding()
                .encodeToString(password.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void credentialRecordsAlgorithmIterationsAndSizes() {
        // given
        String password = PASSWORD;

        // when
        PasswordCredential credential = hasher.hash(password);

        // then
        assertEquals(PasswordHasher.ALGORITHM, credential.algorithm());
        assertEquals(FAST, credential.iterations());
        assertEquals(64, Base64.getDecoder().decode(credential.hash()).length);
        assertEquals(16, Base64.getDecoder().decode(credential.salt()).length);
    }

    @Test
    void twoHashesOfTheSamePasswordDiffer() {
        // given
        String password = PASSWORD;

        // when
        PasswordCredential first = hasher.hash(password);
        PasswordCredential second = hasher.hash(password);

        // then
        assertNotEquals(first.salt(), second.salt());
        assertNotEquals(first.hash(), second.hash());
    }

    @Test
    void matchesTheRightPassword() {
        // given
        PasswordCredential credential = hasher.hash(PASSWORD);

        // when
        boolean matches = PasswordHasher.matches(credential, PASSWORD);

        // then
        assertTrue(matches);
    }

    @Test
    void doesNotMatchAWrongPassword() {
        // given
        PasswordCredential credential = hasher.hash(PASSWORD);

        // when
        boolean wrong = PasswordHasher.matches(credential, "@ppServer124");
        boolean wrongCase = PasswordHasher.matches(credential, "@PPSERVER123");
        boolean empty = PasswordHasher.matches(credential, "");

        // then
        assertFalse(wrong);
        assertFalse(wrongCase);
        assertFalse(empty);
    }

    @Test
    void matchesUsesTheIterationsStoredWithTheHash() {
        // given a hash made with a different cost than the current hasher's
        PasswordCredential credential = new PasswordHasher(FAST + 1).hash(PASSWORD);

        // when
        boolean matches = PasswordHasher.matches(credential, PASSWORD);

        // then
        assertTrue(matches);
    }

    @Test
    void doesNotMatchACredentialOfAnotherAlgorithm() {
        // given
        PasswordCredential ours = hasher.hash(PASSWORD);
        PasswordCredential imported = new PasswordCredential("SHA256", ours.hash(), ours.salt(), null, null,
                ours.iterations());

        // when
        boolean matches = PasswordHasher.matches(imported, PASSWORD);

        // then
        assertFalse(matches);
    }

    @Test
    void defaultIterationsMeetOwaspGuidance() {
        // given
        int owaspPbkdf2Sha512 = 210_000;

        // when
        int configured = PasswordHasher.DEFAULT_ITERATIONS;

        // then
        assertTrue(configured >= owaspPbkdf2Sha512, "DEFAULT_ITERATIONS = " + configured);
        assertTrue(PasswordHasher.MIN_ITERATIONS <= configured);
    }

    @Test
    void constructorRejectsIterationsBelowTheMinimum() {
        // given
        int tooFew = PasswordHasher.MIN_ITERATIONS - 1;

        // when / then
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(tooFew));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
    }

    @Test
    void constructorAcceptsTheMinimum() {
        // given
        PasswordHasher cheapest = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

        // when
        PasswordCredential credential = cheapest.hash(PASSWORD);

        // then
        assertEquals(PasswordHasher.MIN_ITERATIONS, credential.iterations());
    }

    @Test
    void credentialToStringRevealsNeitherHashNorSalt() {
        // given
        PasswordCredential credential = hasher.hash(PASSWORD);

        // when
        String text = credential.toString();

        // then
        assertFalse(text.contains(credential.hash()), text);
        assertFalse(text.contains(credential.salt()), text);
        assertFalse(text.contains(PASSWORD), text);
        assertTrue(text.contains(PasswordHasher.ALGORITHM), text);
    }
}
