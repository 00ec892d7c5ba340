package com.orbusdigital.oid.user;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UCharacterDirection;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.util.ULocale;
import java.util.Optional;

/**
 * The rules usernames and emails' local parts share: RFC 8265 §3.3 (PRECIS UsernameCaseMapped, on
 * RFC 8264's IdentifierClass) and UTS #39's mixed-script and confusable detection, with ICU4J's
 * Unicode data (the JDK has no decomposition types, no confusables and an older Unicode). That data
 * loads when this class is first used — the first user created or signing in — not at deployment.
 */
final class Precis {

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    /**
     * UTS #39 §5.2 Highly Restrictive: one script, or the combinations of Han with Latin, kana, Hangul
     * or Bopomofo that Chinese, Japanese and Korean names use. Moderately Restrictive would also let
     * Latin mix with one more script (Armenian "ց" beside Latin "g" and "o"); a username has no need of
     * that. Digits of two numbering systems, and combining marks that stack invisibly, are refused too.
     */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS | SpoofChecker.INVISIBLE
                    | SpoofChecker.HIDDEN_OVERLAY)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .build();

    /** RFC 5892 §2.6 exceptions that IdentifierClass allows although their category would not. */
    private static final UnicodeSet ALLOWED_EXCEPTIONS = new UnicodeSet("[\\u00DF\\u03C2\\u06FD\\u06FE\\u0F0B\\u3007]").freeze();

    /**
     * RFC 5892 §2.6 exceptions that are disallowed, and the CONTEXTO ones, refused here rather than
     * judged in context (none is a letter or digit a name needs). The Arabic-Indic digits, the other
     * CONTEXTO exception, may not mix with the Extended Arabic-Indic ones: MIXED_NUMBERS sees to that.
     */
    private static final UnicodeSet REFUSED_EXCEPTIONS = new UnicodeSet(
            "[\\u0640\\u07FA\\u302E\\u302F\\u3031-\\u3035\\u303B\\u00B7\\u0375\\u05F3\\u05F4\\u30FB]").freeze();

    private Precis() {}

    /**
     * RFC 8265 §3.3.2's mappings, in its order: fullwidth and halfwidth characters to their
     * decompositions ("ＡＤＭＩＮ" to "ADMIN"), Unicode toLowerCase (the root locale: no Turkish dotless
     * i), then NFC. Idempotent.
     */
    static String map(String text) {
        StringBuilder narrowed = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int decomposition = UCharacter.getIntPropertyValue(c, UProperty.DECOMPOSITION_TYPE);
            if (decomposition == UCharacter.DecompositionType.WIDE || decomposition == UCharacter.DecompositionType.NARROW) {
                narrowed.append(NFKC.getRawDecomposition(c));
            } else {
                narrowed.appendCodePoint(c);
            }
        });
        return NFC.normalize(UCharacter.toLowerCase(ULocale.ROOT, narrowed.toString()));
    }

    /**
     * Whether IdentifierClass (RFC 8264 §9) allows this code point outside ASCII: letters, digits and
     * combining marks without a compatibility decomposition, assigned, visible, not an old Hangul jamo.
     * Callers decide on ASCII themselves (IdentifierClass allows every printable ASCII character).
     */
    static boolean isIdentifierCodePoint(int c) {
        if (ALLOWED_EXCEPTIONS.contains(c)) {
            return true;
        }
        if (REFUSED_EXCEPTIONS.contains(c)
                || UCharacter.hasBinaryProperty(c, UProperty.JOIN_CONTROL)
                || UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                || UCharacter.hasBinaryProperty(c, UProperty.NONCHARACTER_CODE_POINT)
                || isHangulJamo(c)) {
            return false;
        }
        String alone = new String(Character.toChars(c));
        if (!NFKC.isNormalized(alone)) {
            return false;  // HasCompat: "ℌ", "ﬁ", "²" and the like are refused, not mapped
        }
        return switch (UCharacter.getType(c)) {
            case UCharacterCategory.LOWERCASE_LETTER, UCharacterCategory.UPPERCASE_LETTER, UCharacterCategory.OTHER_LETTER,
                    UCharacterCategory.MODIFIER_LETTER, UCharacterCategory.DECIMAL_DIGIT_NUMBER,
                    UCharacterCategory.NON_SPACING_MARK, UCharacterCategory.COMBINING_SPACING_MARK -> true;
            default -> false;
        };
    }

    /** RFC 5892's OldHangulJamo: conjoining jamo left over after NFC composed what it could into syllables. */
    private static boolean isHangulJamo(int c) {
        int type = UCharacter.getIntPropertyValue(c, UProperty.HANGUL_SYLLABLE_TYPE);
        return type == UCharacter.HangulSyllableType.LEADING_JAMO || type == UCharacter.HangulSyllableType.VOWEL_JAMO
                || type == UCharacter.HangulSyllableType.TRAILING_JAMO;
    }

    /** A combining mark: allowed within an identifier, but not as its first character. */
    static boolean isMark(int c) {
        int type = UCharacter.getType(c);
        return type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.COMBINING_SPACING_MARK
                || type == UCharacterCategory.ENCLOSING_MARK;
    }

    /**
     * The problem of a mapped identifier whose characters are allowed, if any: RFC 5893's Bidi Rule
     * (RFC 8265 §3.3.2 step 5) and UTS #39's checks. Empty: it may be used.
     */
    static Optional<String> problem(String mapped) {
        if (!satisfiesBidiRule(mapped)) {
            return Optional.of("has right-to-left characters, so it must start with a right-to-left letter, end with a letter or digit"
                    + " and hold no left-to-right letter (RFC 5893)");
        }
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        if (!SPOOF.failsChecks(mapped, result)) {
            return Optional.empty();
        }
        if ((result.checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
            return Optional.of("mixes scripts (such as Latin with Cyrillic or Greek), as look-alike names do");
        }
        if ((result.checks & SpoofChecker.MIXED_NUMBERS) != 0) {
            return Optional.of("mixes digits of different scripts");
        }
        return Optional.of("has a combining mark that cannot be seen");
    }

    /**
     * UTS #39 §4's skeleton of the mapped text: two identifiers that look alike ("admin", "admın",
     * "rnartin" and "martin") have equal skeletons.
     */
    static String skeleton(String text) {
        return SPOOF.getSkeleton(map(text));
    }

    /**
     * RFC 5893 §2, for text holding a right-to-left character (RFC 8265 applies it to no other): it
     * starts with a right-to-left letter, holds no left-to-right one, ends with a letter or digit
     * (then marks), and does not mix European and Arabic-Indic digits.
     */
    private static boolean satisfiesBidiRule(String text) {
        if (text.codePoints().map(UCharacter::getDirection).noneMatch(Precis::isRightToLeft)) {
            return true;
        }
        int first = UCharacter.getDirection(text.codePointAt(0));
        if (first != UCharacterDirection.RIGHT_TO_LEFT && first != UCharacterDirection.RIGHT_TO_LEFT_ARABIC) {
            return false;
        }
        boolean european = false;
        boolean arabic = false;
        int last = first;
        for (int c : text.codePoints().toArray()) {
            int direction = UCharacter.getDirection(c);
            switch (direction) {
                case UCharacterDirection.RIGHT_TO_LEFT, UCharacterDirection.RIGHT_TO_LEFT_ARABIC,
                        UCharacterDirection.EUROPEAN_NUMBER_SEPARATOR, UCharacterDirection.COMMON_NUMBER_SEPARATOR,
                        UCharacterDirection.EUROPEAN_NUMBER_TERMINATOR, UCharacterDirection.OTHER_NEUTRAL,
                        UCharacterDirection.BOUNDARY_NEUTRAL -> last = direction;
                case UCharacterDirection.EUROPEAN_NUMBER -> {
                    european = true;
                    last = direction;
                }
                case UCharacterDirection.ARABIC_NUMBER -> {
                    arabic = true;
                    last = direction;
                }
                case UCharacterDirection.DIR_NON_SPACING_MARK -> { }
                default -> {
                    return false;
                }
            }
        }
        boolean endsWell = last == UCharacterDirection.RIGHT_TO_LEFT || last == UCharacterDirection.RIGHT_TO_LEFT_ARABIC
                || last == UCharacterDirection.EUROPEAN_NUMBER || last == UCharacterDirection.ARABIC_NUMBER;
        return endsWell && !(european && arabic);
    }

    private static boolean isRightToLeft(int direction) {
        return direction == UCharacterDirection.RIGHT_TO_LEFT || direction == UCharacterDirection.RIGHT_TO_LEFT_ARABIC
                || direction == UCharacterDirection.ARABIC_NUMBER;
    }
}
