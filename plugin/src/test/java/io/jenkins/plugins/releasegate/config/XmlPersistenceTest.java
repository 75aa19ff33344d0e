package io.jenkins.plugins.releasegate.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.releasegate.SampleReports;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.coverage.UngatedBadge;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Jenkins keeps as XML, written and read back with XStream as Jenkins does: the global policy (into the existing
 * object, as {@code Descriptor.load()} reads it) and the actions a build record holds.
 */
class XmlPersistenceTest {

    private final XStream xstream = new XStream();

    XmlPersistenceTest() {
        xstream.allowTypesByWildcard(new String[] {"io.jenkins.plugins.releasegate.**"});
    }

    @Test
    void theGlobalPolicyReadsBackAsItWasSaved() throws Exception {
        ReleaseGateConfiguration saved = new ReleaseGateConfiguration();
        saved.apply(PolicySettings.of(PolicyReader.read(Path.of("..", "examples", "policy.yaml"))));
        saved.setExceptions(List.of(
                saved.getExceptions().get(0),
                new ExceptionEntry("EX-2", "scan", "Scanner outage", "team@example.com", "2027-01-31")));
        saved.setMandatoryGating(true);
        saved.setPkcs11Module("/usr/lib/softhsm/libsofthsm2.so");

        String xml = xstream.toXML(saved);
        ReleaseGateConfiguration loaded = new ReleaseGateConfiguration();
        xstream.fromXML(xml, loaded);

        assertThat(loaded.settings()).isEqualTo(saved.settings());
        assertThat(loaded.isMandatoryGating()).isTrue();
        assertThat(loaded.getPkcs11Module()).isEqualTo("/usr/lib/softhsm/libsofthsm2.so");
        assertThat(loaded.policy()).isEqualTo(saved.policy());
        assertThat(xml).doesNotContain("read>");
    }

    @Test
    void aBuildsGateReportAndUngatedBadgeReadBack() {
        GateReportAction action = new GateReportAction(SampleReports.json(SampleReports.mixed(false)), 2);

        GateReportAction loaded = (GateReportAction) xstream.fromXML(xstream.toXML(action));
        UngatedBadge badge = (UngatedBadge) xstream.fromXML(xstream.toXML(new UngatedBadge()));

        assertThat(loaded.getUrlName()).isEqualTo("release-gate-2");
        assertThat(loaded.report()).contains(SampleReports.mixed(false));
        assertThat(badge.getTooltip()).isEqualTo(UngatedBadge.TOOLTIP);
    }
}
