package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML SBOMs come from builds the gate does not trust, so a document must not make the gate read any other file or
 * expand entities: each attack here points at a secret in the temporary folder, which must never reach the result.
 */
class CycloneDxXmlSafetyTest {

    private static final String BOM_START = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">";

    @TempDir
    Path dir;

    private String secret;
    private Path secretFile;
    private Path artifact;

    @BeforeEach
    void writeSecretAndArtifact() throws IOException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        secret = "secret-" + HexFormat.of().formatHex(random);
        secretFile = Files.writeString(dir.resolve("secret.txt"), secret);
        artifact = Files.writeString(dir.resolve("app.jar"), "artifact");
    }

    @Test
    void rejectsExternalEntityInAnInternalSubsetWithoutReadingTheFile() {
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE bom [<!ENTITY xxe SYSTEM \"" + secretFile.toUri() + "\">]>\n"
                + BOM_START + "<metadata><component type=\"application\"><name>&xxe;</name></component></metadata>"
                + "</bom>";

        CheckResult result = verify(xml);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSAFE_XML);
        assertThat(result.detail()).contains("app.jar.cdx.xml", "DOCTYPE");
        assertThat(result.toString()).doesNotContain(secret);
    }

    @Test
    void rejectsExternalDtdWithoutReadingIt() throws IOException {
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY leak SYSTEM \"" + secretFile.toUri() + "\">");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom SYSTEM \"" + dtd.toUri() + "\">\n" + BOM_START
                + "<metadata><component type=\"application\"><name>&leak;</name></component></metadata></bom>";

        CheckResult result = verify(xml);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSAFE_XML);
        assertThat(result.toString()).doesNotContain(secret);
    }

    @Test
    void rejectsParameterEntityThatWouldFetchADtd() throws IOException {
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY leak SYSTEM \"" + secretFile.toUri() + "\">");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY % remote SYSTEM \"" + dtd.toUri()
                + "\"> %remote;]>\n" + BOM_START
                + "<metadata><component type=\"application\"><name>&leak;</name></component></metadata></bom>";

        CheckResult result = verify(xml);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSAFE_XML);
        assertThat(result.toString()).doesNotContain(secret);
    }

    @Test
    void rejectsEntityExpansionBomb() {
        StringBuilder entities = new StringBuilder("<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            entities.append("<!ENTITY a").append(i).append(" \"");
            entities.append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [" + entities + "]>\n" + BOM_START
                + "<metadata><component type=\"application\"><name>&a10;</name></component></metadata></bom>";

        assertThat(verify(xml).code()).isEqualTo(Code.SBOM_UNSAFE_XML);
    }

    @Test
    void ignoresXIncludeElements() {
        String xml = "<?xml version=\"1.0\"?>\n" + BOM_START
                + "<metadata><component type=\"application\"><name>"
                + "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + secretFile.toUri()
                + "\" parse=\"text\"/></name></component></metadata></bom>";

        CheckResult result = verify(xml);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.toString()).doesNotContain(secret);
    }

    @Test
    void validatesWithTheBundledSchemaWhateverSchemaTheDocumentPointsTo() throws IOException {
        Path lenient = Files.writeString(dir.resolve("lenient.xsd"), """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                           targetNamespace="http://cyclonedx.org/schema/bom/1.6" elementFormDefault="qualified">
                  <xs:element name="bom">
                    <xs:complexType>
                      <xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
                      <xs:anyAttribute processContents="skip"/>
                    </xs:complexType>
                  </xs:element>
                </xs:schema>
                """);
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"http://cyclonedx.org/schema/bom/1.6 " + lenient.toUri() + "\">"
                + "<components><component><name>no type</name></component></components></bom>";

        CheckResult result = verify(xml);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("type");
    }

    private CheckResult verify(String xml) {
        Path sbom = SbomSample.write(dir.resolve("app.jar.cdx.xml"), xml);
        PendingCheck pending = new CycloneDxVerifier(SbomPolicy.defaults())
                .read(
                        new EvidenceFile(sbom, sbom.getFileName().toString()),
                        new ArtifactContext("app.jar", "app.jar", FindingWaivers.none()));
        try {
            return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
