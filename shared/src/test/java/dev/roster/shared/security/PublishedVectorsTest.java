package dev.roster.shared.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each algorithm against its published test vectors, through {@link PasswordVerifier} in the form an import gives
 * it: RFC 6070 (PBKDF2-HMAC-SHA1), RFC 7914 (PBKDF2-HMAC-SHA256 and scrypt), the argon2 reference implementation's
 * test.c strings and RFC 9106, RFC 1320 (MD4), RFC 4231 (HMAC-SHA256/512), FIPS 180-2 (SHA-512 of "abc") and the
 * OpenBSD/crypt_blowfish bcrypt vectors.
 */
class PublishedVectorsTest {

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hexToB64(String hex) {
        return b64(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    private static PasswordCredential string(String algorithm, String hash) {
        return new PasswordCredential(algorithm, hash, null, null, null, 0);
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                // RFC 6070 §2: PBKDF2-HMAC-SHA1 (the PHC id of passlib's SHA1 is plain pbkdf2)
                Arguments.of("RFC 6070 c=1", "password", string("PBKDF2", "$pbkdf2$i=1$" + b64("salt") + "$"
                        + hexToB64("0c60c80f961f0e71f3a9b524af6012062fe037a6"))),
                Arguments.of("RFC 6070 c=2", "password", string("PBKDF2", "$pbkdf2$i=2$" + b64("salt") + "$"
                        + hexToB64("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"))),
                Arguments.of("RFC 6070 c=4096", "password", string("PBKDF2", "$pbkdf2$4096$" + b64("salt") + "$"
                        + hexToB64("4b007901b765489abead49d926f721d065a429c1"))),
                Arguments.of("RFC 6070 c=4096 dkLen=25", "passwordPASSWORDpassword", string("PBKDF2",
                        "$pbkdf2$i=4096,l=25$" + b64("saltSALTsaltSALTsaltSALTsaltSALTsalt") + "$"
                                + hexToB64("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"))),
                // RFC 7914 §11: PBKDF2-HMAC-SHA256
                Arguments.of("RFC 7914 PBKDF2-SHA256 c=1", "passwd", string("PBKDF2", "$pbkdf2-sha256$i=1,l=64$"
                        + b64("salt") + "$" + hexToB64("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"))),
                Arguments.of("RFC 7914 PBKDF2-SHA256 c=80000", "Password", string("PBKDF2", "$pbkdf2-sha256$i=80000$"
                        + b64("NaCl") + "$" + hexToB64("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"))),
                // RFC 7914 §12: scrypt
                Arguments.of("RFC 7914 scrypt N=1024 r=8 p=16", "password", string("SCRYPT", "$scrypt$ln=10,r=8,p=16$"
                        + b64("NaCl") + "$" + hexToB64("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"))),
                Arguments.of("RFC 7914 scrypt N=16384 r=8 p=1", "pleaseletmein", string("SCRYPT",
                        "$scrypt$ln=14,r=8,p=1$" + b64("SodiumChloride") + "$"
                                + hexToB64("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                                + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"))),
                // The argon2 reference implementation's test.c (phc-winner-argon2), its encoded strings
                Arguments.of("argon2 test.c argon2i v=19", "password", string("ARGON2",
                        "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA")),
                Arguments.of("argon2 test.c argon2id v=19", "password", string("ARGON2",
                        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")),
                Arguments.of("argon2 test.c argon2i v=16 (no v)", "password", string("ARGON2",
                        "$argon2i$m=65536,t=2,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ")),
                // RFC 1320 appendix A.5: MD4
                Arguments.of("RFC 1320 MD4 \"\"", "", string("MD4", "31d6cfe0d16ae931b73c59d7e0c089c0")),
                Arguments.of("RFC 1320 MD4 \"a\"", "a", string("MD4", "bde52cb31de33e46245e05fbdbd6fb24")),
                Arguments.of("RFC 1320 MD4 \"abc\"", "abc", string("MD4", "a448017aaf21d8525fc10ae87aa6729d")),
                Arguments.of("RFC 1320 MD4 \"message digest\"", "message digest",
                        string("MD4", "d9130a8164549fe818874806e1c7014b")),
                Arguments.of("RFC 1320 MD4 alphabet", "abcdefghijklmnopqrstuvwxyz",
                        string("MD4", "d79e1c308aa5bbcdeea8ed63df412da9")),
                // FIPS 180-2 appendix C.1: SHA-512("abc")
                Arguments.of("FIPS 180-2 SHA-512 \"abc\"", "abc", string("SHA512", "ddaf35a193617abacc417349ae204131"
                        + "12e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")),
                // RFC 4231 §4.2 and §4.3: HMAC-SHA256/512 (test case 1: key 0x0b × 20, hex; test case 2: key "Jefe")
                Arguments.of("RFC 4231 case 1 HMAC-SHA256", "Hi There", hmac("HMAC_SHA256",
                        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "0b".repeat(20), "HEX")),
                Arguments.of("RFC 4231 case 1 HMAC-SHA512", "Hi There", hmac("HMAC_SHA512",
                        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854", "0b".repeat(20), "HEX")),
                Arguments.of("RFC 4231 case 2 HMAC-SHA256", "what do ya want for nothing?", hmac("HMAC_SHA256",
                        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "Jefe", null)),
                Arguments.of("RFC 4231 case 2 HMAC-SHA512", "what do ya want for nothing?", hmac("HMAC_SHA512",
                        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737", "SmVmZQ==", "BASE64")),
                // crypt_blowfish's (and OpenBSD's) bcrypt vectors, in $2a$ and $2y$
                Arguments.of("bcrypt U*U", "U*U", string("BCRYPT",
                        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")),
                Arguments.of("bcrypt U*U*", "U*U*", string("BCRYPT",
                        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK")),
                Arguments.of("bcrypt U*U*U $2y$", "U*U*U", string("BCRYPT",
                        "$2y$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a")),
                Arguments.of("bcrypt past 72 bytes", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        + "0123456789chars after 72 are ignored", string("BCRYPT",
                        "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui")));
    }

    private static PasswordCredential hmac(String algorithm, String hash, String key, String keyEncoding) {
        return new PasswordCredential(algorithm, hash, null, null, null, 0, null, key, keyEncoding);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theVectorVerifiesAndNothingElseDoes(String name, String password, PasswordCredential credential) {
        // given a published vector, in the form an import gives it (checked as the import checks it)
        PasswordVerifier.check(credential);

        // when (a changed first character: bcrypt ignores what is past 72 bytes)
        boolean right = PasswordVerifier.matches(credential, password);
        boolean wrong = PasswordVerifier.matches(credential, "P" + password);

        // then
        assertTrue(right, name);
        assertFalse(wrong, name);
    }

    /** RFC 9106 §5: the three variants' vectors, with the secret and associated data PHC strings do not carry. */
    @Test
    void bouncyCastleArgon2MeetsRfc9106() {
        // given RFC 9106's inputs: password 32 × 0x01, salt 16 × 0x02, secret 8 × 0x03, ad 12 × 0x04, m=32, t=3, p=4
        int[] types = {Argon2Parameters.ARGON2_d, Argon2Parameters.ARGON2_i, Argon2Parameters.ARGON2_id};
        String[] tags = {"512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
                "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
                "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"};
        for (int i = 0; i < types.length; i++) {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(types[i]).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(32).withIterations(3).withParallelism(4).withSalt(filled(16, 0x02))
                    .withSecret(filled(8, 0x03)).withAdditional(filled(12, 0x04)).build());
            byte[] tag = new byte[32];

            // when
            generator.generateBytes(filled(32, 0x01), tag);

            // then
            assertArrayEquals(HexFormat.of().parseHex(tags[i]), tag, "type " + types[i]);
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
