package io.jenkins.plugins.releasegate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.policy.ExceptionStanding.State;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ExceptionStandingTest {

    private static final PolicyExceptionRule EX_7 = new PolicyExceptionRule(
            "EX-7",
            "legacy-*.jar",
            "signature",
            "Vendor jar",
            "platform-security@example.com",
            "SEC-1234",
            LocalDate.of(2027, 1, 31));

    @Test
    void countsTheExpiryDayAsTheLastDayThatWaives() {
        ExceptionStanding lastDay = ExceptionStanding.of(EX_7, utc("2027-01-31T23:59:59"));
        ExceptionStanding dayAfter = ExceptionStanding.of(EX_7, utc("2027-02-01T00:00:00"));

        assertThat(lastDay.daysLeft()).isEqualTo(1);
        assertThat(lastDay.state()).isEqualTo(State.ENDING_SOON);
        assertThat(lastDay.describe()).isEqualTo("ends today (2027-01-31)");
        assertThat(dayAfter.daysLeft()).isZero();
        assertThat(dayAfter.state()).isEqualTo(State.EXPIRED);
        assertThat(dayAfter.describe()).isEqualTo("expired on 2027-01-31 and waives nothing");
        assertThat(EX_7.activeAt(utc("2027-01-31T23:59:59"))).isTrue();
        assertThat(EX_7.activeAt(utc("2027-02-01T00:00:00"))).isFalse();
    }

    @Test
    void flagsExceptionsEndingWithinFourteenDays() {
        assertThat(ExceptionStanding.of(EX_7, utc("2027-01-18T12:00:00")).state())
                .isEqualTo(State.ENDING_SOON);
        assertThat(ExceptionStanding.of(EX_7, utc("2027-01-18T12:00:00")).daysLeft())
                .isEqualTo(14);
        assertThat(ExceptionStanding.of(EX_7, utc("2027-01-17T12:00:00")).state())
                .isEqualTo(State.ACTIVE);
        assertThat(ExceptionStanding.of(EX_7, utc("2027-01-17T12:00:00")).describe())
                .isEqualTo("ends in 15 days (2027-01-31)");
    }

    @Test
    void countsDaysInUtcWhateverTheCallersZone() {
        ZonedDateTime tokyoMorning = ZonedDateTime.of(2027, 2, 1, 8, 0, 0, 0, ZoneId.of("Asia/Tokyo"));

        assertThat(ExceptionStanding.of(EX_7, tokyoMorning).state()).isEqualTo(State.ENDING_SOON);
    }

    private static ZonedDateTime utc(String localDateTime) {
        return ZonedDateTime.parse(localDateTime + "Z");
    }
}
