package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.scan.FindingTally.FindingDetails;
import io.jenkins.plugins.releasegate.core.scan.FindingTally.Summary;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FindingTallyTest {

    @Test
    void listsFailingAndMoreSevereFindingsFirstWhenThereAreTooManyToList() {
        FindingTally tally = new FindingTally(Severity.HIGH, FindingWaivers.none(), 3);

        add(tally, "low-1", Severity.LOW);
        add(tally, "medium-1", Severity.MEDIUM);
        add(tally, "critical-1", Severity.CRITICAL);
        add(tally, "low-2", Severity.LOW);
        add(tally, "high-1", Severity.HIGH);
        add(tally, "medium-2", Severity.MEDIUM);
        Summary summary = tally.summary();

        assertThat(summary.findings()).extracting(Finding::id).containsExactly("critical-1", "high-1", "medium-1");
        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.counts())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(Severity.LOW, 2, Severity.MEDIUM, 2, Severity.HIGH, 1, Severity.CRITICAL, 1));
        assertThat(summary.failingCounts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Severity.HIGH, 1, Severity.CRITICAL, 1));
    }

    @Test
    void asksForTheTextsOfListedFindingsOnly() {
        FindingTally tally = new FindingTally(Severity.HIGH, FindingWaivers.none(), 1);
        List<String> asked = new ArrayList<>();

        tally.add("first", Severity.MEDIUM, false, details("first", asked));
        tally.add("second", Severity.LOW, false, details("second", asked));
        tally.add("third", Severity.HIGH, false, details("third", asked));

        assertThat(asked).containsExactly("first", "third");
        assertThat(tally.summary().findings()).extracting(Finding::id).containsExactly("third");
    }

    @Test
    void looksEachFindingIdUpOnceAndListsEachExceptionOnce() {
        ExceptionUse use =
                new ExceptionUse("EX-1", "finding:CVE-1", "owner", null, LocalDate.parse("2030-01-01"), false);
        List<String> lookups = new ArrayList<>();
        FindingTally tally = new FindingTally(Severity.HIGH, id -> {
            lookups.add(id);
            return id.equals("CVE-1") ? Optional.of(use) : Optional.empty();
        });

        for (int i = 0; i < 3; i++) {
            add(tally, "CVE-1", Severity.CRITICAL);
            add(tally, "CVE-2", Severity.LOW);
        }
        Summary summary = tally.summary();

        assertThat(lookups).containsExactly("CVE-1", "CVE-2");
        assertThat(summary.exceptions()).containsExactly(use);
        assertThat(summary.waived()).isEqualTo(3);
        assertThat(summary.failing()).isZero();
    }

    @Test
    void namesAFewFailingIdsAndSaysThatThereAreMore() {
        FindingTally tally = new FindingTally(Severity.LOW, FindingWaivers.none());

        for (int i = 1; i <= 7; i++) {
            add(tally, "R" + i, Severity.LOW);
        }
        Summary summary = tally.summary();

        assertThat(summary.failingNamed()).containsExactly("R1", "R2", "R3", "R4", "R5");
        assertThat(summary.moreFailing()).isTrue();
    }

    @Test
    void appliesAnExceptionThatNamesAnAliasOfTheFinding() {
        ExceptionUse use =
                new ExceptionUse("EX-3", "finding:CVE-9", "owner", null, LocalDate.parse("2030-01-01"), false);
        FindingTally tally =
                new FindingTally(Severity.HIGH, id -> Optional.of(use).filter(u -> id.equals("CVE-9")));

        tally.add("GHSA-1", List.of("CVE-9"), Severity.CRITICAL, false, details("GHSA-1", new ArrayList<>()));
        Summary summary = tally.summary();

        assertThat(summary.findings().get(0).waivedBy()).isEqualTo("EX-3");
        assertThat(summary.failing()).isZero();
    }

    @Test
    void prefersAnExceptionInForceOverAnExpiredOneAmongAliases() {
        ExceptionUse expired =
                new ExceptionUse("EX-OLD", "finding:GHSA-1", "owner", null, LocalDate.parse("2020-01-01"), true);
        ExceptionUse active =
                new ExceptionUse("EX-NEW", "finding:CVE-9", "owner", null, LocalDate.parse("2030-01-01"), false);
        FindingTally tally = new FindingTally(Severity.HIGH, id -> switch (id) {
            case "GHSA-1" -> Optional.of(expired);
            case "CVE-9" -> Optional.of(active);
            default -> Optional.empty();
        });

        tally.add("GHSA-1", List.of("CVE-9"), Severity.CRITICAL, false, details("GHSA-1", new ArrayList<>()));
        Summary summary = tally.summary();

        assertThat(summary.findings().get(0).waivedBy()).isEqualTo("EX-NEW");
        assertThat(summary.exceptions()).containsExactly(active);
    }

    @Test
    void namesAnExpiredExceptionOfAnAliasWhenNoneIsInForce() {
        ExceptionUse expired =
                new ExceptionUse("EX-OLD", "finding:CVE-9", "owner", null, LocalDate.parse("2020-01-01"), true);
        FindingTally tally =
                new FindingTally(Severity.HIGH, id -> Optional.of(expired).filter(u -> id.equals("CVE-9")));

        tally.add("GHSA-1", List.of("CVE-9"), Severity.CRITICAL, false, details("GHSA-1", new ArrayList<>()));
        Summary summary = tally.summary();

        assertThat(summary.failing()).isEqualTo(1);
        assertThat(summary.failingNamed()).containsExactly("GHSA-1 (exception EX-OLD expired on 2020-01-01)");
    }

    private static void add(FindingTally tally, String id, Severity severity) {
        tally.add(id, severity, false, details(id, new ArrayList<>()));
    }

    private static FindingDetails details(String id, List<String> asked) {
        return new FindingDetails() {
            @Override
            public String severitySource() {
                asked.add(id);
                return "level error on the result";
            }

            @Override
            public String message() {
                return "message of " + id;
            }

            @Override
            public String location() {
                return "";
            }
        };
    }
}
