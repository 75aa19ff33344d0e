package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.policy.PolicyExceptionRule;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExceptionRegisterTest {

    private static final PolicyExceptionRule LEGACY_SIGNATURE = new PolicyExceptionRule(
            "EX-7",
            "legacy-*.jar",
            "signature",
            "Vendor jar",
            "platform-security@example.com",
            "SEC-1234",
            LocalDate.of(2027, 1, 31));

    private static final CheckResult MISSING_SIGNATURE =
            CheckResult.missing(Check.SIGNATURE, Code.SIGNATURE_MISSING, "No signature was found.");

    @Test
    void waivesAMatchingCheckUntilTheEndOfItsExpiryDayInUtc() {
        ZonedDateTime lastMinute = ZonedDateTime.parse("2027-01-31T23:59:59Z");

        CheckResult result = register(lastMinute).apply("dist/legacy-1.0.jar", MISSING_SIGNATURE);

        assertThat(result.status()).isEqualTo(Status.WAIVED);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MISSING);
        assertThat(result.detail()).startsWith("Waived by exception EX-7 (owner platform-security@example.com");
        assertThat(result.exceptions())
                .extracting(ExceptionUse::id, ExceptionUse::expired)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EX-7", false));
    }

    @Test
    void stopsWaivingTheDayAfterItExpiresAndSaysSo() {
        ZonedDateTime nextDay = ZonedDateTime.parse("2027-02-01T00:00:00Z");

        CheckResult result = register(nextDay).apply("dist/legacy-1.0.jar", MISSING_SIGNATURE);

        assertThat(result.status()).isEqualTo(Status.MISSING);
        assertThat(result.detail()).contains("Exception EX-7 expired on 2027-01-31, so it waives nothing.");
        assertThat(result.exceptions())
                .singleElement()
                .satisfies(use -> assertThat(use.expired()).isTrue());
    }

    @Test
    void judgesExpiryInUtcWhateverTheLocalZone() {
        ZonedDateTime stillJanuaryInUtc = ZonedDateTime.of(2027, 2, 1, 8, 0, 0, 0, ZoneId.of("Asia/Tokyo"));

        CheckResult result = register(stillJanuaryInUtc).apply("legacy-1.0.jar", MISSING_SIGNATURE);

        assertThat(result.status()).isEqualTo(Status.WAIVED);
    }

    @Test
    void leavesOtherArtifactsAndOtherChecksAlone() {
        ExceptionRegister register = register(ZonedDateTime.parse("2027-01-01T00:00:00Z"));
        CheckResult missingSbom = CheckResult.missing(Check.SBOM, Code.SBOM_MISSING, "No SBOM was found.");

        assertThat(register.apply("dist/app.jar", MISSING_SIGNATURE).status()).isEqualTo(Status.MISSING);
        assertThat(register.apply("dist/legacy-1.0.jar", missingSbom).status()).isEqualTo(Status.MISSING);
    }

    @Test
    void doesNotTouchAPassingCheck() {
        CheckResult passed = CheckResult.pass(Check.SIGNATURE, Code.SIGNATURE_VALID, "a.p7s", "Signed.", Map.of());

        CheckResult result =
                register(ZonedDateTime.parse("2027-01-01T00:00:00Z")).apply("legacy-1.jar", passed);

        assertThat(result).isEqualTo(passed);
    }

    @Test
    void findsAFindingWaiverAndPrefersOneInForceOverAnExpiredOne() {
        PolicyExceptionRule expired = new PolicyExceptionRule(
                "EX-1", "**", "finding:CVE-1", "old", "a@example.com", null, LocalDate.of(2026, 1, 1));
        PolicyExceptionRule current = new PolicyExceptionRule(
                "EX-2", "**", "finding:CVE-1", "new", "b@example.com", null, LocalDate.of(2027, 1, 1));
        ExceptionRegister register =
                new ExceptionRegister(List.of(expired, current), ZonedDateTime.parse("2026-06-01T00:00:00Z"));

        assertThat(register.findingWaivers("app.jar").lookup("CVE-1"))
                .hasValueSatisfying(use -> assertThat(use.id()).isEqualTo("EX-2"));
        assertThat(register.findingWaivers("app.jar").lookup("CVE-2")).isEmpty();
    }

    @Test
    void reportsAnExpiredFindingWaiverAsExpired() {
        PolicyExceptionRule expired = new PolicyExceptionRule(
                "EX-1", "app.jar", "finding:CVE-1", "old", "a@example.com", null, LocalDate.of(2026, 1, 1));
        ExceptionRegister register =
                new ExceptionRegister(List.of(expired), ZonedDateTime.parse("2026-06-01T00:00:00Z"));

        assertThat(register.findingWaivers("app.jar").lookup("CVE-1"))
                .hasValueSatisfying(use -> assertThat(use.expired()).isTrue());
        assertThat(register.findingWaivers("other.jar").lookup("CVE-1")).isEmpty();
    }

    private static ExceptionRegister register(ZonedDateTime now) {
        return new ExceptionRegister(List.of(LEGACY_SIGNATURE), now);
    }
}
