package io.jenkins.plugins.releasegate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs that every evidence reader must survive: each ends as a failed check with a code of its own, never
 * an exception, a hang or {@link Code#INTERNAL_ERROR}. A reader's test extends this class and says how to make the
 * reader and what a well-formed file of its kind looks like.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class EvidenceReaderContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARTIFACT = "app-1.0.jar";
    private static final String SECRET = "contents-of-a-file-no-evidence-may-reach";

    @TempDir
    protected Path folder;

    private String caseName;

    @BeforeEach
    void nameTheCase(TestInfo test) {
        caseName = test.getTestMethod().map(Method::getName).orElse(test.getDisplayName());
    }

    /** The reader under test, configured as a real gate would configure it. */
    protected abstract EvidenceVerifier verifier() throws Exception;

    /** The kind of check the reader decides. */
    protected abstract Check check();

    /** The evidence file's name beside the artifact, for example {@code app-1.0.jar.cdx.json}. */
    protected abstract String evidenceName();

    /** A well-formed evidence file of the reader's format, for the artifact {@link #artifact()}. */
    protected abstract byte[] wellFormed() throws Exception;

    /** The artifact that the evidence is about; a small file made in the temporary folder. */
    protected Path artifact() throws IOException {
        Path artifact = folder.resolve(ARTIFACT);
        if (!Files.exists(artifact)) {
            Files.writeString(artifact, "the bytes of the release artifact");
        }
        return artifact;
    }

    /** Where the evidence is written; JAR signatures override this, because the artifact carries its own. */
    protected Path evidencePath() throws IOException {
        return folder.resolve(evidenceName());
    }

    /** The code an oversized file must give; readers whose evidence is the artifact itself may differ. */
    protected Code oversizedCode() {
        return Code.EVIDENCE_TOO_LARGE;
    }

    /** Whether the evidence cap of the check applies; not when the evidence is the artifact itself. */
    protected boolean cappedBySize() {
        return true;
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        assertFailsClearly(gate(new byte[0]));
    }

    @Test
    void rejectsRandomBytes() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);

        assertFailsClearly(gate(noise));
    }

    @Test
    void rejectsAWellFormedFileCutInHalf() throws Exception {
        byte[] whole = wellFormed();

        assertFailsClearly(gate(Arrays.copyOf(whole, whole.length / 2)));
    }

    @Test
    void refusesATwoGibibyteFileBySizeWithoutReadingIt() throws Exception {
        Path evidence = evidencePath();
        try (RandomAccessFile sparse = new RandomAccessFile(evidence.toFile(), "rw")) {
            sparse.setLength(2L << 30);
        }

        CheckResult result = gate(evidence);

        assertFailsClearly(result);
        assertThat(result.code()).isEqualTo(oversizedCode());
    }

    @Test
    void refusesAFileOverTheCapThatASystemPropertySets() throws Exception {
        assumeTrue(cappedBySize(), "the evidence is the artifact itself, which no evidence cap limits");
        byte[] whole = wellFormed();
        String property = EvidenceLimits.CAP_PROPERTY + check().id();
        String before = System.getProperty(property);
        System.setProperty(property, Integer.toString(whole.length - 1));
        CheckResult result;
        try {
            result = gate(whole);
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }

        assertFailsClearly(result);
        assertThat(result.code()).isEqualTo(oversizedCode());
        assertThat(result.detail()).contains((whole.length - 1) + " bytes", property);
    }

    @Test
    void rejectsJsonNestedOneHundredThousandLevelsDeep() throws Exception {
        int depth = 100_000;
        String nested = "{\"a\":[".repeat(depth) + "]}".repeat(depth);

        assertFailsClearly(gate(nested.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsAHugeString() throws Exception {
        String huge = "{\"bomFormat\":\"" + "A".repeat(48 << 20) + "\"}";

        assertFailsClearly(gate(huge.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsInvalidUtf8() throws Exception {
        byte[] start = "{\"$schema\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] end = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[start.length + bad.length + end.length];
        System.arraycopy(start, 0, content, 0, start.length);
        System.arraycopy(bad, 0, content, start.length, bad.length);
        System.arraycopy(end, 0, content, start.length + bad.length, end.length);

        assertFailsClearly(gate(content));
    }

    @Test
    void rejectsDuplicateJsonKeys() throws Exception {
        assertFailsClearly(gate(withFirstKeyTwice(wellFormed()).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsXmlWithAnExternalEntityWithoutReadingTheFile() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret.txt"), SECRET);
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><metadata><component type=\"library\">"
                + "<name>&leak;</name></component></metadata></bom>";

        CheckResult result = gate(xml.getBytes(StandardCharsets.UTF_8));

        assertFailsClearly(result);
        assertThat(result.detail() + result.facts()).doesNotContain(SECRET);
    }

    @Test
    void rejectsXmlEntityExpansionWithoutExpandingIt() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY e0 \"laugh\">");
        for (int level = 1; level <= 10; level++) {
            String previous = "&e" + (level - 1) + ";";
            entities.append("<!ENTITY e")
                    .append(level)
                    .append(" \"")
                    .append(previous.repeat(10))
                    .append("\">");
        }
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bom [" + entities + "]>\n"
                + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><metadata><component type=\"library\">"
                + "<name>&e10;</name></component></metadata></bom>";

        CheckResult result = gate(xml.getBytes(StandardCharsets.UTF_8));

        assertFailsClearly(result);
        assertThat(result.detail()).doesNotContain("laughlaugh");
    }

    /** Writes the evidence and runs the reader the way the gate does: read, hash the artifact once, complete. */
    protected CheckResult gate(byte[] evidence) throws Exception {
        Path file = evidencePath();
        Files.write(file, evidence);
        return gate(file);
    }

    private CheckResult gate(Path evidence) throws Exception {
        Path artifact = artifact();
        EvidenceFile file = new EvidenceFile(evidence, evidence.getFileName().toString());
        ArtifactContext context = new ArtifactContext(ARTIFACT, ARTIFACT, FindingWaivers.none());
        PendingCheck pending = verifier().read(file, context);
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    private void assertFailsClearly(CheckResult result) throws IOException {
        assertThat(result.check()).isEqualTo(check());
        assertThat(result.status())
                .as("status of %s: %s", result.code(), result.detail())
                .isEqualTo(Status.FAIL);
        assertThat(result.code()).as("code for: %s", result.detail()).isNotEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).contains(evidencePath().getFileName().toString());
        assertThat(result.detail()).doesNotContain("\tat ", "Exception:");
        assertThat(result.detail().length()).isLessThan(2000);
        HostileInputCodes.record(getClass().getSimpleName(), caseName, result);
    }

    /** The well-formed document again, with its first top-level key written twice. */
    private static String withFirstKeyTwice(byte[] wellFormed) {
        String text = new String(wellFormed, StandardCharsets.UTF_8);
        try {
            JsonNode tree = JSON.readTree(wellFormed);
            Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
            if (tree.isObject() && fields.hasNext()) {
                Map.Entry<String, JsonNode> first = fields.next();
                int brace = text.indexOf('{');
                return "{" + JSON.writeValueAsString(first.getKey()) + ":" + JSON.writeValueAsString(first.getValue())
                        + "," + text.substring(brace + 1);
            }
        } catch (IOException notJson) {
            // a binary format: the duplicate-key document below is simply not evidence of its kind
        }
        return "{\"version\":1,\"version\":2}";
    }
}
