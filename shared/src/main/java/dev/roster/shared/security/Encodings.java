package dev.roster.shared.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** How an imported salt or HMAC key is written, and the byte decodings PHC and LDAP strings use. */
final class Encodings {

    static final String UTF8 = "UTF8";
    static final String HEX = "HEX";
    static final String BASE64 = "BASE64";

    private Encodings() {
    }

    /** The bytes of {@code value} written in {@code encoding} (UTF8 when null); IllegalArgumentException if it is not. */
    static byte[] decode(String value, String encoding) {
        String name = encoding == null ? UTF8 : encoding;
        return switch (name) {
            case UTF8 -> value.getBytes(StandardCharsets.UTF_8);
            case HEX -> {
                if (value.length() % 2 != 0 || !value.matches("[0-9a-fA-F]*")) {
                    throw new IllegalArgumentException("is not hexadecimal");
                }
                yield HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
            }
            case BASE64 -> base64(value);
            default -> throw new IllegalArgumentException("has an encoding other than UTF8, HEX or BASE64");
        };
    }

    /**
     * Base64, standard or passlib's adapted alphabet ({@code .} for {@code +}), padding optional: the forms PHC
     * strings are found in. IllegalArgumentException for anything else.
     */
    static byte[] base64(String value) {
        if (!value.matches("[A-Za-z0-9+/.]*={0,2}")) {
            throw new IllegalArgumentException("is not base64");
        }
        return Base64.getDecoder().decode(value.replace('.', '+'));
    }

    /** PHC's base64: standard alphabet, no padding. */
    static String phcBase64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
