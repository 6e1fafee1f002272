package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The PRECIS string classes and profiles of RFC 8264 and RFC 8265 that Roster needs, built on java.text.Normalizer and
 * Character's Unicode data rather than ICU (which would add megabytes to every Lambda jar for the same tables).
 *
 * <p>Where Java's data stops short of RFC 8264's derivation, this errs towards refusing: the contextual rules
 * (CONTEXTJ: ZERO WIDTH JOINER / NON-JOINER; CONTEXTO: MIDDLE DOT, KERAIA, GERESH, GERSHAYIM, KATAKANA MIDDLE DOT)
 * are not evaluated, so those code points are refused; Default_Ignorable_Code_Point, which Character does not expose,
 * is the fixed list of DerivedCoreProperties.txt (stable since Unicode 5.2). Code points Java 17 does not know
 * (Unicode 13 data) count as unassigned and are refused, as RFC 8264 requires of unassigned ones.
 */
final class Precis {

    /** What the derivation of RFC 8264 section 8 gives one code point, as far as Roster's two classes go. */
    private enum Property {
        /** PVALID in both classes. */
        VALID,
        /** ID_DIS / FREE_PVAL: letters and digits outside LetterDigits, spaces, symbols, punctuation, HasCompat. */
        FREEFORM_ONLY,
        /** DISALLOWED, UNASSIGNED, or contextual (not evaluated: refused). */
        REFUSED
    }

    /** U+FFFD: a real character, but also what a lossy decoder leaves for invalid UTF-8 (see {@link #refuseMarks}). */
    static final int REPLACEMENT_CHARACTER = 0xFFFD;

    private Precis() {
    }

    /**
     * RFC 8265 UsernameCasePreserved preparation and check: width mapping, NFC, IdentifierClass code points only,
     * the Bidi Rule. Returns the string as it is to be shown (case kept).
     */
    static String username(String value, String field) {
        refuseMarks(value, field);
        String prepared = Normalizer.normalize(widthMap(value), Normalizer.Form.NFC);
        requireClass(prepared, field, false);
        requireBidiRule(prepared, field);
        return prepared;
    }

    /** RFC 8265 UsernameCaseMapped enforcement of a value already prepared: the comparison form. */
    static String caseMapped(String value) {
        return Normalizer.normalize(widthMap(value).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /**
     * An identifier that is not a PRECIS user name (an email address, a phone number): width mapping and NFC, and
     * IdentifierClass code points only. No Bidi Rule: it is defined for one label, and an address mixes several.
     */
    static String identifier(String value, String field) {
        refuseMarks(value, field);
        String prepared = Normalizer.normalize(widthMap(value), Normalizer.Form.NFC);
        requireClass(prepared, field, false);
        return prepared;
    }

    /**
     * RFC 8265 OpaqueString enforcement: non-ASCII spaces become U+0020, NFC, FreeformClass code points only (so no
     * control, format, zero-width or unassigned code point). Width is kept: a full-width password stays full-width.
     */
    static String opaqueString(String value, String field) {
        refuseMarks(value, field);
        StringBuilder mapped = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> mapped.appendCodePoint(
                cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp));
        String enforced = Normalizer.normalize(mapped, Normalizer.Form.NFC);
        requireClass(enforced, field, true);
        return enforced;
    }

    /**
     * Refuses what no later step may silently change: unpaired surrogates (DynamoDB's UTF-8 encoding would store
     * them as '?', colliding with a real '?') and U+FFFD, which in an identifier or password is far likelier the
     * trace of bytes a decoder upstream could not read than what the user typed.
     */
    static void refuseMarks(String value, String field) {
        JsonFields.requireWellFormed(value, field);
        if (value.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            throw InvalidRequestException.invalidValue(field,
                    "contains U+FFFD, the mark of text that was not valid UTF-8");
        }
    }

    /** RFC 8265's width mapping: each code point with a {@code <wide>} or {@code <narrow>} decomposition becomes it. */
    static String widthMap(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int next = i + Character.charCount(cp);
            // UnicodeData.txt: exactly U+3000 and U+FF01..U+FFEE have <wide> or <narrow> decompositions; in those
            // ranges NFKC of the lone code point is that decomposition (unassigned ones stay themselves).
            if (cp == 0x3000 || (cp >= 0xFF01 && cp <= 0xFFEE)) {
                if (out == null) {
                    out = new StringBuilder(value.length()).append(value, 0, i);
                }
                out.append(Normalizer.normalize(value.substring(i, next), Normalizer.Form.NFKC));
            } else if (out != null) {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return out == null ? value : out.toString();
    }

    private static void requireClass(String value, String field, boolean freeform) {
        boolean arabicIndic = false;
        boolean extendedArabicIndic = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            Property property = property(cp);
            if (property == Property.REFUSED || (property == Property.FREEFORM_ONLY && !freeform)) {
                throw InvalidRequestException.invalidValue(field, "must not contain " + describe(cp)
                        + (freeform ? "" : " (letters, digits and printable ASCII only)"));
            }
            arabicIndic |= cp >= 0x0660 && cp <= 0x0669;
            extendedArabicIndic |= cp >= 0x06F0 && cp <= 0x06F9;
            i += Character.charCount(cp);
        }
        // RFC 5892's CONTEXTO rule for these digits: the two sets of Arabic-Indic digits never mix.
        if (arabicIndic && extendedArabicIndic) {
            throw InvalidRequestException.invalidValue(field, "mixes Arabic-Indic and extended Arabic-Indic digits");
        }
    }

    /** RFC 8264 section 8, rules in its order, for the two classes. */
    private static Property property(int cp) {
        switch (cp) {
            // Exceptions (RFC 5892 2.6): PVALID
            case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007:
                return Property.VALID;
            // Exceptions: CONTEXTO (not evaluated) and DISALLOWED
            case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033,
                    0x3034, 0x3035, 0x303B:
                return Property.REFUSED;
            default:
                break;
        }
        int type = Character.getType(cp);
        if (type == Character.UNASSIGNED || type == Character.SURROGATE) {
            return Property.REFUSED;
        }
        if (cp >= 0x21 && cp <= 0x7E) {
            return Property.VALID;
        }
        if (cp == 0x200C || cp == 0x200D || oldHangulJamo(cp) || defaultIgnorable(cp) || noncharacter(cp)
                || type == Character.CONTROL) {
            return Property.REFUSED;
        }
        String alone = new String(Character.toChars(cp));
        if (!Normalizer.normalize(alone, Normalizer.Form.NFKC).equals(alone)) {
            return Property.FREEFORM_ONLY; // HasCompat
        }
        return switch (type) {
            case Character.LOWERCASE_LETTER, Character.UPPERCASE_LETTER, Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER, Character.MODIFIER_LETTER, Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK -> Property.VALID;
            case Character.TITLECASE_LETTER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.ENCLOSING_MARK, // OtherLetterDigits
                    Character.SPACE_SEPARATOR, // Spaces
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL, // Symbols
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> Property.FREEFORM_ONLY;
            // Line and paragraph separators, format characters, private use: none of PRECIS's valid categories.
            default -> Property.REFUSED;
        };
    }

    private static boolean oldHangulJamo(int cp) {
        return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97C) || (cp >= 0xD7B0 && cp <= 0xD7C6)
                || (cp >= 0xD7CB && cp <= 0xD7FB);
    }

    /** Default_Ignorable_Code_Point of DerivedCoreProperties.txt: bidi controls, zero-width characters, fillers... */
    static boolean defaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4
                || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    private static boolean noncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    /**
     * RFC 5893's Bidi Rule, which RFC 8265 applies to user names holding right-to-left code points: such a name is
     * wholly right-to-left in structure, and a left-to-right one holds none, so no reordering can disguise it.
     */
    private static void requireBidiRule(String value, String field) {
        boolean rtl = value.codePoints().anyMatch(cp -> {
            byte d = Character.getDirectionality(cp);
            return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                    || d == Character.DIRECTIONALITY_ARABIC_NUMBER;
        });
        if (!rtl) {
            return;
        }
        int[] cps = value.codePoints().toArray();
        byte first = Character.getDirectionality(cps[0]);
        boolean ok;
        if (first == Character.DIRECTIONALITY_RIGHT_TO_LEFT || first == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
            boolean en = false;
            boolean an = false;
            ok = true;
            for (int cp : cps) {
                byte d = Character.getDirectionality(cp);
                en |= d == Character.DIRECTIONALITY_EUROPEAN_NUMBER;
                an |= d == Character.DIRECTIONALITY_ARABIC_NUMBER;
                ok &= d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                        || d == Character.DIRECTIONALITY_ARABIC_NUMBER || d == Character.DIRECTIONALITY_EUROPEAN_NUMBER
                        || d == Character.DIRECTIONALITY_EUROPEAN_NUMBER_SEPARATOR
                        || d == Character.DIRECTIONALITY_COMMON_NUMBER_SEPARATOR
                        || d == Character.DIRECTIONALITY_EUROPEAN_NUMBER_TERMINATOR
                        || d == Character.DIRECTIONALITY_OTHER_NEUTRALS || d == Character.DIRECTIONALITY_BOUNDARY_NEUTRAL
                        || d == Character.DIRECTIONALITY_NONSPACING_MARK;
            }
            byte last = lastNonMark(cps);
            ok &= !(en && an) && (last == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || last == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                    || last == Character.DIRECTIONALITY_EUROPEAN_NUMBER
                    || last == Character.DIRECTIONALITY_ARABIC_NUMBER);
        } else {
            // A left-to-right (or neutral-first) string may hold no right-to-left code point at all.
            ok = false;
        }
        if (!ok) {
            throw InvalidRequestException.invalidValue(field,
                    "mixes right-to-left and left-to-right text in a way the Bidi Rule (RFC 5893) refuses");
        }
    }

    private static byte lastNonMark(int[] cps) {
        for (int i = cps.length - 1; i >= 0; i--) {
            byte d = Character.getDirectionality(cps[i]);
            if (d != Character.DIRECTIONALITY_NONSPACING_MARK) {
                return d;
            }
        }
        return Character.DIRECTIONALITY_NONSPACING_MARK;
    }

    private static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X", cp) + (name == null ? "" : " " + name);
    }
}
