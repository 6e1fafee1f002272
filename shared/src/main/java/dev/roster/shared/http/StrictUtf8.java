package dev.roster.shared.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding: invalid bytes are refused rather than turned into U+FFFD, which would let two different byte
 * strings become one identifier (or password). The API refuses such a body; the local front, like API Gateway, hands
 * it over base64-encoded instead.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The text the bytes encode, or empty when they are not valid UTF-8. */
    public static Optional<String> decode(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
