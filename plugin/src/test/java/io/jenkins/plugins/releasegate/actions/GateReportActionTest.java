package io.jenkins.plugins.releasegate.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.SampleReports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GateReportActionTest {

    @Test
    void aPassedGateShowsAPassedBadgeWithTheVerdictAsTooltip() {
        GateReportAction action = new GateReportAction(SampleReports.json(SampleReports.allPass(false)), 1);

        assertThat(action.getBadge()).isEqualTo(Badge.PASSED);
        assertThat(action.getBadge().getIcon()).isEqualTo("symbol-check");
        assertThat(action.getBadgeTooltip())
                .isEqualTo("Release Gate: Release gate passed: 1 artifact with a valid signature, SBOM and scan.");
    }

    @Test
    void aFailedGateShowsAFailedBadge() {
        GateReportAction action = new GateReportAction(SampleReports.json(SampleReports.mixed(false)), 1);

        assertThat(action.getBadge()).isEqualTo(Badge.FAILED);
        assertThat(action.getBadgeTooltip()).contains("Release gate FAILED: 1 of 2 artifacts failed");
    }

    @Test
    void anAuditShowsAnAuditedBadgeWhateverTheVerdictAndSaysItWasOnlyAnAudit() {
        GateReportAction failed = new GateReportAction(SampleReports.json(SampleReports.mixed(true)), 1);
        GateReportAction passed = new GateReportAction(SampleReports.json(SampleReports.allPass(true)), 1);

        assertThat(failed.getBadge()).isEqualTo(Badge.AUDITED);
        assertThat(passed.getBadge()).isEqualTo(Badge.AUDITED);
        assertThat(failed.getBadgeTooltip()).contains("Audit only, the release gate would fail");
        assertThat(passed.getBadgeTooltip())
                .isEqualTo("Release Gate: Audit only: Release gate passed: 1 artifact"
                        + " with a valid signature, SBOM and scan.");
        assertThat(failed.getPage().getVerdict()).isEqualTo("would fail (audit only)");
        assertThat(passed.getPage().getVerdict()).isEqualTo("passed (audit only)");
    }

    @Test
    void aSecondGateRunOfTheSameBuildGetsItsOwnPage() {
        GateReportAction first = new GateReportAction(SampleReports.json(SampleReports.allPass(false)), 1);
        GateReportAction second = new GateReportAction(SampleReports.json(SampleReports.allPass(false)), 2);

        assertThat(first.getUrlName()).isEqualTo("release-gate");
        assertThat(second.getUrlName()).isEqualTo("release-gate-2");
        assertThat(second.getDisplayName()).isEqualTo("Release Gate (2)");
        assertThat(first.getIconFileName()).startsWith("symbol-");
    }

    @Test
    void aStoredReportThatCannotBeReadShowsWhyAndCountsAsFailed() {
        GateReportAction action = new GateReportAction("{\"schema\":\"something else\"}", 1);

        assertThat(action.getBadge()).isEqualTo(Badge.FAILED);
        assertThat(action.getPage().getSummary())
                .isEqualTo("The stored gate report has the schema \"something else\", not \"release-gate/report/v1\","
                        + " so it cannot be shown.");
        assertThat(action.getPage().getArtifacts()).isEmpty();
    }

    @Test
    void keepsOnlyTheJsonReportAndItsNumberInTheBuildRecord() {
        Field[] persisted = Arrays.stream(GateReportAction.class.getDeclaredFields())
                .filter(field -> !Modifier.isTransient(field.getModifiers()))
                .filter(field -> !Modifier.isStatic(field.getModifiers()))
                .toArray(Field[]::new);

        assertThat(persisted).extracting(Field::getName).containsExactlyInAnyOrder("reportJson", "number");
    }

    @Test
    void showsTheSameReportAfterTheBuildRecordIsReadBack() throws Exception {
        GateReportAction stored = new GateReportAction(SampleReports.json(SampleReports.mixed(false)), 1);
        stored.getPage();

        GateReportAction loaded = roundTrip(stored);

        assertThat(loaded.getPage().getSummary()).isEqualTo(stored.getPage().getSummary());
        assertThat(loaded.getPage().getArtifacts()).hasSize(2);
    }

    /**
     * Jenkins keeps actions with XStream, which, like Java serialization, writes the non-transient fields; a copy
     * made this way has exactly the state a restarted Jenkins reads back.
     */
    private static GateReportAction roundTrip(GateReportAction action) throws Exception {
        Object[] fields = {readField(action, "reportJson"), readField(action, "number")};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject((Serializable) fields);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object[] read = (Object[]) in.readObject();
            return new GateReportAction((String) read[0], (Integer) read[1]);
        }
    }

    private static Object readField(GateReportAction action, String name) throws ReflectiveOperationException {
        Field field = GateReportAction.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(action);
    }
}
