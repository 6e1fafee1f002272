package dev.roster.shared.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    /** Cheap enough for tests (one pass over 8 KiB); production uses DEFAULT_ITERATIONS over DEFAULT_MEMORY_KIB. */
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
        String[] phc = credential.hash().split("\\$");
        String rawHash = new String(Base64.getDecoder().decode(phc[5]), StandardCharsets.ISO_8859_1);
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

        // then: an argon2id PHC string with its parameters, a 16-byte salt and a 32-byte hash
        assertEquals(PasswordHasher.ALGORITHM, credential.algorithm());
        assertEquals(FAST, credential.iterations());
        assertNull(credential.salt());
        String[] phc = credential.hash().split("\\$");
        assertEquals("argon2id", phc[1]);
        assertEquals("v=19", phc[2]);
        assertEquals("m=" + PasswordHasher.MIN_MEMORY_KIB + ",t=" + FAST + ",p=1", phc[3]);
        assertEquals(16, Base64.getDecoder().decode(phc[4]).length);
        assertEquals(32, Base64.getDecoder().decode(phc[5]).length);
    }

    @Test
    void twoHashesOfTheSamePasswordDiffer() {
        // given
        String password = PASSWORD;

        // when
        PasswordCredential first = hasher.hash(password);
        PasswordCredential second = hasher.hash(password);

        // then (the salt is in the hash string)
        assertNotEquals(first.hash(), second.hash());
        assertNotEquals(first.hash().split("\\$")[4], second.hash().split("\\$")[4]);
    }

    @Test
    void matchesTheRightPassword() {
        // given
        PasswordCredential credential = hasher.hash(PASSWORD);

        // when
        boolean matches = PasswordVerifier.matches(credential, PASSWORD);

        // then
        assertTrue(matches);
    }

    @Test
    void doesNotMatchAWrongPassword() {
        // given
        PasswordCredential credential = hasher.hash(PASSWORD);

        // when
        boolean wrong = PasswordVerifier.matches(credential, "@ppServer124");
        boolean wrongCase = PasswordVerifier.matches(credential, "@PPSERVER123");
        boolean empty = PasswordVerifier.matches(credential, "");

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
        boolean matches = PasswordVerifier.matches(credential, PASSWORD);

        // then
        assertTrue(matches);
    }

    @Test
    void doesNotMatchACredentialOfAnotherAlgorithm() {
        // given
        PasswordCredential ours = hasher.hash(PASSWORD);
        PasswordCredential imported = new PasswordCredential("SHA256", ours.hash(), null, null, null,
                ours.iterations());

        // when
        boolean matches = PasswordVerifier.matches(imported, PASSWORD);

        // then
        assertFalse(matches);
    }

    @Test
    void defaultCostMeetsOwaspGuidance() {
        // given OWASP's argon2id figure: m=19456 KiB (19 MiB), t=2, p=1
        int owaspMemoryKiB = 19_456;
        int owaspPasses = 2;

        // when
        PasswordCredential credential = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS,
                PasswordHasher.DEFAULT_MEMORY_KIB).hash(PASSWORD);

        // then
        assertTrue(PasswordHasher.DEFAULT_MEMORY_KIB >= owaspMemoryKiB);
        assertTrue(PasswordHasher.DEFAULT_ITERATIONS >= owaspPasses);
        assertTrue(credential.hash().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), credential.hash());
        assertTrue(PasswordVerifier.matches(credential, PASSWORD));
    }

    @Test
    void isCurrentOnlyForArgon2idAtLeastThisStrong() {
        // given a production-strength hasher and credentials of every kind
        PasswordHasher production = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS, 64);
        PasswordCredential same = production.hash(PASSWORD);
        PasswordCredential stronger = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS + 1, 64).hash(PASSWORD);
        PasswordCredential fewerPasses = new PasswordHasher(1, 64).hash(PASSWORD);
        PasswordCredential lessMemory = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS, 32).hash(PASSWORD);
        PasswordCredential argon2i = new PasswordCredential(PasswordVerifier.ARGON2,
                "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA", null, null,
                null, 0);
        PasswordCredential legacy = new PasswordCredential(PasswordHasher.PBKDF2_SHA512, "aGFzaA==", "c2FsdA==", null,
                null, 210_000);
        PasswordCredential md5 = new PasswordCredential("MD5", "5f4dcc3b5aa765d61d8327deb882cf99", null, null, null, 0);

        // then
        assertTrue(production.isCurrent(same));
        assertTrue(production.isCurrent(stronger));
        assertFalse(production.isCurrent(fewerPasses));
        assertFalse(production.isCurrent(lessMemory));
        assertFalse(production.isCurrent(argon2i));
        assertFalse(production.isCurrent(legacy));
        assertFalse(production.isCurrent(md5));
        assertFalse(production.isCurrent(null));
        assertFalse(production.isCurrent(new PasswordCredential(PasswordVerifier.ARGON2, "$argon2id$damaged", null,
                null, null, 0)));
    }

    @Test
    void ourPbkdf2CredentialsFromBeforeArgon2idStillVerify() {
        // given a credential as PasswordHasher made it before: PBKDF2-HMAC-SHA512, base64 hash and salt (the JDK's
        // PBKDF2WithHmacSHA512 made it, independently of Bouncy Castle)
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(PASSWORD.toCharArray(), salt, 1000, 512);
        byte[] hash = assertDoesNotThrow(() -> javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                .generateSecret(spec).getEncoded());
        PasswordCredential legacy = new PasswordCredential(PasswordHasher.PBKDF2_SHA512,
                Base64.getEncoder().encodeToString(hash), Base64.getEncoder().encodeToString(salt), null, null, 1000);

        // then
        assertTrue(PasswordVerifier.matches(legacy, PASSWORD));
        assertFalse(PasswordVerifier.matches(legacy, "@ppServer124"));
        assertFalse(hasher.isCurrent(legacy));
    }

    @Test
    void constructorRejectsIterationsBelowTheMinimum() {
        // given
        int tooFew = PasswordHasher.MIN_ITERATIONS - 1;

        // when / then
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(tooFew));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(-1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1, PasswordHasher.MIN_MEMORY_KIB - 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(1, 1 << 20));
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
        assertFalse(text.contains(credential.hash().split("\\$")[4]), text);
        assertFalse(text.contains(PASSWORD), text);
        assertTrue(text.contains(PasswordHasher.ALGORITHM), text);
    }
}
