package com.orbusdigital.oid.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.password.PasswordPolicy.Rule;
import com.orbusdigital.oid.password.PasswordPolicy.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private static final PasswordPolicy POLICY = new PasswordPolicy(PasswordPolicy.DEFAULT_MIN_LENGTH);
    /** 64 characters of password-manager output. */
    private static final String RANDOM_64 = "Gq7vN2xLp9Tr4WmZ8kYc3HsB6dJf1QaE5uXo0RiVt7NgLy2Ke9Pw4MbS6jCh8DzF";

    private static List<Rule> rules(String password) {
        return rules(POLICY, password, null, null);
    }

    private static List<Rule> rules(PasswordPolicy policy, String password, String username, String email) {
        List<Violation> violations = policy.check(password, username, email);
        if (!password.equals("password")) {  // the one password that the word "password" in a message contains
            assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain(password));
        }
        return violations.stream().map(Violation::rule).toList();
    }

    @Test
    void passwordsShorterThanTheMinimumAreRefused() {
        List<Violation> violations = POLICY.check("k3x9q2m", null, null);

        assertThat(violations).containsExactly(new Violation(Rule.TOO_SHORT, "Use at least 8 characters."));
        assertThat(rules("k3x9q2mz")).isEmpty();
    }

    @Test
    void theMinimumComesFromConfiguration() {
        PasswordPolicy twelve = new PasswordPolicy(12);

        assertThat(rules(twelve, "qxmfvrptjas", null, null)).containsExactly(Rule.TOO_SHORT);
        assertThat(rules(twelve, "qxmfvrptjask", null, null)).isEmpty();
    }

    @Test
    void sixtyFourCharactersAreAllowed() {
        assertThat(RANDOM_64).hasSize(64);
        assertThat(rules(RANDOM_64)).isEmpty();
    }

    @Test
    void upTo256CharactersAreAllowedAnd257Refused() {
        String max = RANDOM_64.repeat(4);

        assertThat(rules(max)).isEmpty();
        assertThat(POLICY.check(max + "x", null, null))
                .containsExactly(new Violation(Rule.TOO_LONG, "Use at most 256 characters."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "password1", "qwertyuiop", "iloveyou2", "Summer2024!", "Passw0rd!2024",
        "P@ssw0rd", "Welcome1!", "12345678", "1qaz2wsx3edc", "correct horse battery staple", "letmein123"})
    void commonAndEasilyGuessedPasswordsAreRefused(String password) {
        assertThat(rules(password)).containsExactly(Rule.COMMON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"orbit tulip canyon marble", "kettle-violin-harbor-zebra", "xK9#mQ2pLz7v", "qxmfvrpt",
        "Tr0ub4dor&3"})
    void passphrasesAndRandomPasswordsAreAllowed(String password) {
        assertThat(rules(password)).isEmpty();
    }

    @Test
    void noCompositionRules() {
        // all lower case, no digit, no symbol: fine when long and unguessable
        assertThat(rules("violin harbor kettle zebra")).isEmpty();
    }

    @Test
    void theUsernameMayNotBeInThePassword() {
        assertThat(rules(POLICY, "margarethe-violin-zebra", "Margarethe", null)).containsExactly(Rule.CONTAINS_USERNAME);
        assertThat(rules(POLICY, "xK9#MARGARETHEpLz7v", "margarethe", null)).containsExactly(Rule.CONTAINS_USERNAME);
        assertThat(rules(POLICY, "kettle-violin-harbor-zebra", "margarethe", null)).isEmpty();
    }

    @Test
    void theEmailAddressMayNotBeInThePassword() {
        String email = "jo.hansen@example.com";

        assertThat(rules(POLICY, "jo.hansen-kettle-violin", null, email)).containsExactly(Rule.CONTAINS_EMAIL);
        assertThat(rules(POLICY, "Jo.Hansen@Example.com", null, email)).contains(Rule.CONTAINS_EMAIL);
        assertThat(rules(POLICY, "kettle-violin-harbor-zebra", "jo", email)).isEmpty();
    }

    @Test
    void lengthCountsUnicodeCodePointsAfterNfc() {
        String sevenEmoji = "\uD83D\uDE00\uD83E\uDD8A\uD83C\uDF35\uD83D\uDE80\uD83C\uDFB8\uD83E\uDDC0\uD83D\uDC19";
        String eightEmoji = sevenEmoji + "\uD83C\uDF08";
        String decomposed = "re\u0301sume\u0301!";  // 9 UTF-16 units, 7 characters once composed

        assertThat(sevenEmoji).hasSize(14);
        assertThat(rules(sevenEmoji)).contains(Rule.TOO_SHORT);
        assertThat(rules(eightEmoji)).doesNotContain(Rule.TOO_SHORT);
        assertThat(decomposed).hasSize(9);
        assertThat(rules(decomposed)).containsExactly(Rule.TOO_SHORT);
    }

    @Test
    void lengthLimitsAreValidated() {
        assertThatThrownBy(() -> new PasswordPolicy(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordPolicy(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordPolicy(8, 63)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PasswordPolicy(64, 64).maxLength()).isEqualTo(64);
    }
}
