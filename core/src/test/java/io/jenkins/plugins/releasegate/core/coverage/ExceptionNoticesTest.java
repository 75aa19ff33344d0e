package io.jenkins.plugins.releasegate.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionNoticesTest {

    private static final LocalDate EXPIRES = LocalDate.of(2027, 1, 31);

    @Test
    void flagsAnExceptionThatEndsWithinFourteenDays() {
        GateReport report = waivedBy(use("EX-1", false));

        assertThat(ExceptionNotices.of(report, at(2027, 1, 18)))
                .containsExactly("Exception EX-1 (owner platform-security@example.com, ticket SEC-1) ends in 14 days"
                        + " (2027-01-31); after that it waives nothing and what it waives fails the gate.");
    }

    @Test
    void saysNothingOfAnExceptionWithFifteenDaysLeft() {
        assertThat(ExceptionNotices.of(waivedBy(use("EX-1", false)), at(2027, 1, 17)))
                .isEmpty();
    }

    @Test
    void countsTheExpiryDayItselfAsTheLastDay() {
        assertThat(ExceptionNotices.of(waivedBy(use("EX-1", false)), at(2027, 1, 31)))
                .singleElement()
                .asString()
                .contains("ends today (2027-01-31)");
    }

    @Test
    void saysThatAnExpiredExceptionWaivedNothing() {
        assertThat(ExceptionNotices.of(waivedBy(use("EX-1", true)), at(2027, 2, 1)))
                .singleElement()
                .asString()
                .isEqualTo("Exception EX-1 (owner platform-security@example.com, ticket SEC-1) expired on 2027-01-31"
                        + " and waived nothing in this build; remove it from the policy or renew it.");
    }

    @Test
    void namesEachExceptionOnceEvenWhenItWaivedSeveralChecks() {
        ExceptionUse use = new ExceptionUse("EX-2", "scan", "team@example.com", null, EXPIRES, false);
        GateReport report = new GateReport(
                Verdict.PASS,
                false,
                "0".repeat(64),
                Instant.parse("2027-01-20T00:00:00Z"),
                List.of(artifact("a.jar", use), artifact("b.jar", use)),
                List.of());

        assertThat(ExceptionNotices.of(report, at(2027, 1, 20)))
                .containsExactly("Exception EX-2 (owner team@example.com) ends in 12 days (2027-01-31); after that"
                        + " it waives nothing and what it waives fails the gate.");
    }

    @Test
    void countsDaysInUtcWhateverTheZoneOfNow() {
        ZonedDateTime lateInTokyo = ZonedDateTime.parse("2027-01-19T08:00:00+09:00[Asia/Tokyo]");

        assertThat(ExceptionNotices.of(waivedBy(use("EX-1", false)), lateInTokyo))
                .singleElement()
                .asString()
                .contains("ends in 14 days");
    }

    private static ExceptionUse use(String id, boolean expired) {
        return new ExceptionUse(id, "signature", "platform-security@example.com", "SEC-1", EXPIRES, expired);
    }

    private static GateReport waivedBy(ExceptionUse use) {
        return new GateReport(
                Verdict.PASS,
                false,
                "0".repeat(64),
                Instant.parse("2027-01-18T00:00:00Z"),
                List.of(artifact("app.jar", use)),
                List.of());
    }

    private static ArtifactReport artifact(String path, ExceptionUse use) {
        CheckResult waived = CheckResult.fail(Check.SIGNATURE, Code.SIGNATURE_MISSING, null, "No signature.")
                .withStatus(Status.WAIVED, "Waived by exception " + use.id() + ".", List.of(use));
        return new ArtifactReport(path, "1".repeat(64), Verdict.PASS, List.of(waived));
    }

    private static ZonedDateTime at(int year, int month, int day) {
        return ZonedDateTime.of(year, month, day, 12, 0, 0, 0, ZoneOffset.UTC);
    }
}
