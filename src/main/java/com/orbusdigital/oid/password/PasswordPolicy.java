package com.orbusdigital.oid.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.matching.match.DictionaryMatch;
import me.gosimple.nbvcxz.matching.match.Match;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * What a new password must be, after NIST SP 800-63B §5.1.1.2: long enough, not absurdly long,
 * not a commonly used or easily guessed password, and not the user's own name or email. No
 * composition rules (no "one digit, one symbol"), no periodic expiry.
 *
 * <ul>
 *   <li><b>Length</b> is counted in Unicode code points after NFC normalisation ({@link PasswordText}),
 *       so "😀" or "é" count as one character however they were typed. The minimum is
 *       {@code OID_PASSWORD_MIN_LENGTH} (8 to 64, default 8).
 *   <li><b>Maximum</b> {@value #DEFAULT_MAX_LENGTH} by default (NIST: at least 64). Argon2's cost
 *       hardly depends on the length, so this is not about hashing cost; it bounds the input the
 *       strength estimator and the hasher ever see, and it is long enough for any passphrase or
 *       password-manager output.
 *   <li><b>Common passwords</b> are refused with nbvcxz (a maintained Java port of zxcvbn): its
 *       dictionaries hold the most used leaked passwords plus English words, names and surnames,
 *       and it estimates guesses for keyboard walks, sequences, repeats, years, dates and
 *       l33t-speak. A password is refused when it is itself in the leaked-passwords dictionary, or
 *       when its estimate is below {@value #MIN_ENTROPY_BITS} bits (about 10⁹ guesses): that refuses
 *       "password1", "qwertyuiop", "iloveyou2", "Summer2024!" (18 bits), "Passw0rd!2024" (20 bits),
 *       and allows a random 8 characters (33–38 bits), a random 12 (about 50 bits) or four
 *       unrelated words (about 58 bits). 10⁹ guesses is beyond any online attack under the rate
 *       limit and costs about a CPU-year offline against Argon2id at OWASP's parameters.
 *   <li><b>Context-specific words</b>: the password may not contain the username or the local part
 *       of the email address (ignoring case), nor equal the email address.
 * </ul>
 *
 * <p>Messages are meant for the user, and never repeat the password. Thread-safe.
 */
public final class PasswordPolicy {

    public static final int DEFAULT_MIN_LENGTH = 8;
    public static final int DEFAULT_MAX_LENGTH = 256;
    public static final double MIN_ENTROPY_BITS = 30.0;
    /** A username or email local part shorter than this is only refused as the whole password. */
    static final int MIN_CONTEXT_WORD_LENGTH = 3;

    /** Which rule a password broke. */
    public enum Rule { TOO_SHORT, TOO_LONG, COMMON, CONTAINS_USERNAME, CONTAINS_EMAIL }

    /** One broken rule and its message for the user. */
    public record Violation(Rule rule, String message) {}

    private final int minLength;
    private final int maxLength;
    private final Nbvcxz estimator;

    /** The policy with {@code OID_PASSWORD_MIN_LENGTH} as its minimum and the default maximum. */
    public PasswordPolicy(int minLength) {
        this(minLength, DEFAULT_MAX_LENGTH);
    }

    /**
     * @param minLength 8 to 64 code points
     * @param maxLength 64 to 1024 code points
     */
    public PasswordPolicy(int minLength, int maxLength) {
        if (minLength < 8 || minLength > 64) {
            throw new IllegalArgumentException("the minimum password length must be 8 to 64, was " + minLength);
        }
        if (maxLength < 64 || maxLength > 1024) {
            throw new IllegalArgumentException("the maximum password length must be 64 to 1024, was " + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.estimator = new Nbvcxz(new ConfigurationBuilder()
                .setMinimumEntropy(MIN_ENTROPY_BITS)
                .setMaxLength(maxLength)
                .createConfiguration());
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * The rules {@code password} breaks, empty when it is acceptable.
     *
     * @param username the account's username, or null
     * @param email    the account's email address, or null
     */
    public List<Violation> check(String password, String username, String email) {
        String text = PasswordText.normalize(Objects.requireNonNull(password, "password"));
        int length = PasswordText.length(text);
        List<Violation> violations = new ArrayList<>();
        if (length < minLength) {
            violations.add(new Violation(Rule.TOO_SHORT, "Use at least " + minLength + " characters."));
        } else if (length > maxLength) {
            violations.add(new Violation(Rule.TOO_LONG, "Use at most " + maxLength + " characters."));
        } else if (isCommon(text)) {
            violations.add(new Violation(Rule.COMMON, "This password is too common or too easy to guess."
                    + " A few unrelated words make a password that is strong and easy to remember."));
        }
        String lower = lower(text);
        if (containsContextWord(lower, username)) {
            violations.add(new Violation(Rule.CONTAINS_USERNAME, "Don't use your username in your password."));
        }
        if (email != null && (lower.equals(lower(email.strip())) || containsContextWord(lower, localPart(email)))) {
            violations.add(new Violation(Rule.CONTAINS_EMAIL, "Don't use your email address in your password."));
        }
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return "PasswordPolicy[length " + minLength + ".." + maxLength + ", min entropy " + MIN_ENTROPY_BITS + " bits]";
    }

    private boolean isCommon(String text) {
        Result result = estimator.estimate(text);
        if (!result.isMinimumEntropyMet()) {
            return true;
        }
        List<Match> matches = result.getMatches();
        return matches.size() == 1
                && matches.get(0) instanceof DictionaryMatch dictionary
                && "passwords".equals(dictionary.getDictionaryName());
    }

    private static boolean containsContextWord(String lowerPassword, String word) {
        if (word == null) {
            return false;
        }
        String lowerWord = lower(word.strip());
        if (lowerWord.isEmpty()) {
            return false;
        }
        if (PasswordText.length(lowerWord) < MIN_CONTEXT_WORD_LENGTH) {
            return lowerPassword.equals(lowerWord);
        }
        return lowerPassword.contains(lowerWord);
    }

    private static String localPart(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }

    private static String lower(String text) {
        return PasswordText.normalize(text).toLowerCase(Locale.ROOT);
    }
}
