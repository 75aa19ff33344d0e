package io.jenkins.plugins.releasegate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatSnifferTest {

    @TempDir
    Path folder;

    @Test
    void recognisesSignaturesByContentWhateverTheirName() throws Exception {
        assertThat(sniff(Check.SIGNATURE, "a.sig", new byte[] {0x30, (byte) 0x82, 0x05}))
                .contains(EvidenceFormat.CMS);
        assertThat(sniff(Check.SIGNATURE, "a.sig", "-----BEGIN PKCS7-----\nMIAG\n"))
                .contains(EvidenceFormat.CMS);
        assertThat(sniff(Check.SIGNATURE, "a.p7s", "\n-----BEGIN CMS-----\nMIAG\n"))
                .contains(EvidenceFormat.CMS);
        assertThat(sniff(Check.SIGNATURE, "a.sig", "-----BEGIN PGP SIGNATURE-----\n"))
                .contains(EvidenceFormat.OPENPGP);
        assertThat(sniff(Check.SIGNATURE, "a.sig", new byte[] {(byte) 0x89, 0x01}))
                .contains(EvidenceFormat.OPENPGP);
        assertThat(sniff(Check.SIGNATURE, "a.sig", new byte[] {(byte) 0xC2, 0x01}))
                .contains(EvidenceFormat.OPENPGP);
        assertThat(sniff(Check.SIGNATURE, "a.sig", "MEUCIQDx3pL1Xg==\n")).contains(EvidenceFormat.RAW_SIGNATURE);
        assertThat(sniff(Check.SIGNATURE, "a.sigstore.json", "{\"mediaType\": \"x\"}"))
                .contains(EvidenceFormat.SIGSTORE_BUNDLE);
        assertThat(sniff(Check.SIGNATURE, "a.sig", "")).isEmpty();
        assertThat(sniff(Check.SIGNATURE, "a.sig", "<html>")).isEmpty();
    }

    @Test
    void recognisesSbomsByContentThenByName() throws Exception {
        assertThat(sniff(Check.SBOM, "a.bom.json", "{\"bomFormat\": \"CycloneDX\"}"))
                .contains(EvidenceFormat.CYCLONEDX);
        assertThat(sniff(Check.SBOM, "a.cdx.json", "{\"spdxVersion\": \"SPDX-2.3\"}"))
                .contains(EvidenceFormat.SPDX);
        assertThat(sniff(
                        Check.SBOM,
                        "a.cdx.xml",
                        "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">"))
                .contains(EvidenceFormat.CYCLONEDX);
        assertThat(sniff(Check.SBOM, "a.cdx.json", "garbage")).contains(EvidenceFormat.CYCLONEDX);
        assertThat(sniff(Check.SBOM, "a.other", "garbage")).isEmpty();
    }

    @Test
    void recognisesScanReportsByContentThenByName() throws Exception {
        assertThat(sniff(
                        Check.SCAN, "a.sarif.json", "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"}"))
                .contains(EvidenceFormat.SARIF);
        assertThat(sniff(Check.SCAN, "a.sarif", "{\"SchemaVersion\": 2, \"ArtifactName\": \"x\"}"))
                .contains(EvidenceFormat.TRIVY);
        assertThat(sniff(Check.SCAN, "a.json", "{\"matches\": [], \"descriptor\": {}}"))
                .contains(EvidenceFormat.GRYPE);
        assertThat(sniff(Check.SCAN, "a.json", "{\"scanInfo\": {}, \"dependencies\": []}"))
                .contains(EvidenceFormat.DEPENDENCY_CHECK);
        assertThat(sniff(Check.SCAN, "a.sarif", "not json")).contains(EvidenceFormat.SARIF);
    }

    private java.util.Optional<EvidenceFormat> sniff(Check check, String name, String content) throws Exception {
        return sniff(check, name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private java.util.Optional<EvidenceFormat> sniff(Check check, String name, byte[] content) throws Exception {
        return FormatSniffer.sniff(check, Files.write(folder.resolve(name), content));
    }
}
