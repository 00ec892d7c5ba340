package com.orbusdigital.oid.factor.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.crypto.Hashes;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void aSetIsTenDistinctCodesOfEightyBitsInFourGroups() {
        List<String> codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
        // 16 base32 characters are 80 bits; two sets share nothing
        assertThat(new HashSet<>(codes)).doesNotContainAnyElementsOf(RecoveryCodes.generate());
    }

    @Test
    void aCodeIsAcceptedWithOrWithoutDashesOrSpacesInEitherCase() {
        assertThat(RecoveryCodes.normalise("abcd-efgh-ijkl-mn23")).contains("ABCDEFGHIJKLMN23");
        assertThat(RecoveryCodes.normalise("ABCDEFGHIJKLMN23")).contains("ABCDEFGHIJKLMN23");
        assertThat(RecoveryCodes.normalise(" abcd efgh\tIJKL-mn23 ")).contains("ABCDEFGHIJKLMN23");
    }

    @Test
    void whatCannotBeACodeIsRefused() {
        assertThat(RecoveryCodes.normalise("")).isEmpty();
        assertThat(RecoveryCodes.normalise("abcd-efgh-ijkl-mn2")).as("too short").isEmpty();
        assertThat(RecoveryCodes.normalise("abcd-efgh-ijkl-mn234")).as("too long").isEmpty();
        assertThat(RecoveryCodes.normalise("abcd-efgh-ijkl-mn01")).as("0 and 1 are not base32").isEmpty();
        assertThat(RecoveryCodes.normalise("abcd-efgh-ijkl-mn2!")).isEmpty();
        assertThat(RecoveryCodes.normalise("a".repeat(100_000))).isEmpty();
    }

    @Test
    void onlyTheSha256OfTheNormalisedCodeIsStored() {
        byte[] hash = RecoveryCodes.hash(RecoveryCodes.normalise("abcd-efgh-ijkl-mn23").orElseThrow());

        assertThat(hash).isEqualTo(Hashes.sha256("ABCDEFGHIJKLMN23")).hasSize(32);
        assertThat(RecoveryCodes.hash(RecoveryCodes.normalise("ABCD EFGH IJKL MN23").orElseThrow())).isEqualTo(hash);
    }
}
