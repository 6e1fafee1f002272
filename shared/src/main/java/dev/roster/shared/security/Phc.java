package dev.roster.shared.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reading the parts of PHC strings ({@code $id$v=..$k=v,k=v$salt$hash}) the way every hash family here needs. */
final class Phc {

    private Phc() {
    }

    /** The {@code $}-separated fields after the leading {@code $}; the first is the id. */
    static String[] fields(String value) {
        if (!value.startsWith("$")) {
            throw PasswordVerifier.invalid("Password", "is not a PHC string ($id$...$salt$hash)");
        }
        return value.substring(1).split("\\$", -1);
    }

    /** {@code k=v,k=v} with only the {@code allowed} keys, each once, each an integer. */
    static Map<String, Long> parameters(String text, Set<String> allowed, String family) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : text.split(",", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (!allowed.contains(name) || values.containsKey(name) || !value.matches("[0-9]{1,10}")) {
                // The value is not echoed: a damaged string may hold hash bytes where its parameters belong.
                throw PasswordVerifier.invalid("Password", "has " + family + " parameters other than "
                        + String.join(", ", allowed.stream().sorted().toList()) + ", each once with a number");
            }
            values.put(name, Long.parseLong(value));
        }
        return values;
    }

    /** The value of a required parameter. */
    static long required(Map<String, Long> values, String name, String family) {
        Long value = values.get(name);
        if (value == null) {
            throw PasswordVerifier.invalid("Password", "is a " + family + " hash without its " + name + " parameter");
        }
        return value;
    }

    /** A base64 salt or hash field of {@code minBytes} to {@code maxBytes}. */
    static byte[] bytes(String field, String what, int minBytes, int maxBytes, String family) {
        byte[] bytes;
        try {
            bytes = Encodings.base64(field);
        } catch (IllegalArgumentException e) {
            throw PasswordVerifier.invalid("Password", "has a " + family + " " + what + " that is not base64");
        }
        if (bytes.length < minBytes || bytes.length > maxBytes) {
            throw PasswordVerifier.invalid("Password", "has a " + family + " " + what + " of " + bytes.length
                    + " bytes: it must be " + minBytes + " to " + maxBytes);
        }
        return bytes;
    }

    /** Refuses a cost parameter above its cap, naming the cap. */
    static void cap(long value, long cap, String what, String family) {
        if (value > cap) {
            throw PasswordVerifier.invalid("Password", "is a " + family + " hash of " + what + " " + value
                    + ", above the cap of " + cap);
        }
    }
}
