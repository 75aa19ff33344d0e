package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.scan.StatedArtifact.StatedDigest;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OWASP Dependency-Check JSON report token by token, handing every vulnerability of every dependency, and
 * every one a suppression file set aside, to a {@link FindingTally} as it passes.
 *
 * <p>A vulnerability's severity is, in this order, its CVSS v3 {@code baseSeverity}, its CVSS v4 {@code baseSeverity},
 * its CVSS v2 {@code severity}, the severity Dependency-Check states for it (which it takes from the advisory, for
 * example npm's {@code moderate}), and a CVSS base score where a rating states a score but no word. The dependency
 * whose {@code fileName} (or the last segment of its {@code filePath}) is the artifact's name states the artifact's
 * digests. Analysis exceptions mean an analyzer failed, so findings may be missing and the scan is incomplete.
 */
final class DependencyCheckReportReader {

    private static final String TOOL = "Dependency-Check";

    private final ScanReportFile.ParserSource source;
    private final String artifactName;
    private final FindingTally tally;
    private final StringPool strings = new StringPool();
    private final List<StatedArtifact> statedArtifacts = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private JsonParser parser;
    private JsonCursor json;
    private String reportSchema;
    private boolean reportSchemaSeen;
    private String engineVersion;
    private Instant reportDate;
    private int analysisExceptions;
    private String firstException;
    private boolean dependenciesSeen;

    DependencyCheckReportReader(ScanReportFile.ParserSource source, String artifactName, FindingTally tally) {
        this.source = source;
        this.artifactName = artifactName;
        this.tally = tally;
    }

    ScanReport read() throws IOException, ReportRejection {
        try (JsonParser opened = source.open()) {
            parser = opened;
            json = new JsonCursor(opened);
            readTop();
        } catch (MalformedReportException e) {
            throw ReportRejection.malformed("is not a valid Dependency-Check report: " + e.getMessage());
        }
        Map<String, String> moreFacts = new LinkedHashMap<>(facts);
        String incomplete = null;
        if (analysisExceptions > 0) {
            moreFacts.put("toolErrors", String.valueOf(analysisExceptions));
            incomplete = "records " + analysisExceptions + " analysis exception"
                    + (analysisExceptions == 1 ? "" : "s") + (firstException == null ? "" : " (" + firstException + ")")
                    + ": an analyzer failed and findings may be missing";
        } else if (!dependenciesSeen) {
            incomplete = "has no dependencies array, which Dependency-Check writes for every finished scan";
        }
        return new ScanReport(
                engineVersion == null ? TOOL : TOOL + " " + engineVersion,
                TOOL,
                reportDate,
                "it has no projectInfo.reportDate",
                incomplete,
                statedArtifacts,
                moreFacts);
    }

    private void readTop() throws IOException, ReportRejection, MalformedReportException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw ReportRejection.malformed("is empty");
        }
        if (token != JsonToken.START_OBJECT) {
            throw ReportRejection.malformed(
                    "is not a Dependency-Check report: its JSON is " + json.describe() + ", not an object");
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "reportSchema" -> readReportSchema();
                case "scanInfo" -> readScanInfo();
                case "projectInfo" -> readProjectInfo();
                case "dependencies" -> readDependencies();
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw json.problem("the report has more JSON after its end");
        }
        if (!reportSchemaSeen) {
            throw new ReportRejection(
                    Code.SCAN_UNSUPPORTED_VERSION,
                    "states no reportSchema, and the gate reads only Dependency-Check reports of schema 1.x");
        }
    }

    private void readReportSchema() throws IOException, ReportRejection {
        reportSchemaSeen = true;
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            reportSchema = parser.getText();
            if (reportSchema.equals("1") || reportSchema.startsWith("1.")) {
                facts.put("reportSchema", reportSchema);
                return;
            }
        }
        throw new ReportRejection(
                Code.SCAN_UNSUPPORTED_VERSION,
                "states reportSchema " + json.describe()
                        + ", but the gate reads only Dependency-Check reports of schema 1.x");
    }

    private void readScanInfo() throws IOException, MalformedReportException {
        if (!json.objectOrNull("the scanInfo")) {
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "engineVersion" -> engineVersion = json.shortText();
                case "analysisExceptions" -> readAnalysisExceptions();
                default -> parser.skipChildren();
            }
        }
    }

    private void readAnalysisExceptions() throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the analysisExceptions")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            analysisExceptions++;
            if (firstException != null || parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String name;
            while ((name = json.nextField()) != null) {
                if (name.equals("exception") && parser.currentToken() == JsonToken.START_OBJECT) {
                    firstException = exceptionMessage();
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private String exceptionMessage() throws IOException {
        String message = null;
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("message")) {
                message = json.shortText();
            } else {
                parser.skipChildren();
            }
        }
        return message;
    }

    private void readProjectInfo() throws IOException, MalformedReportException {
        if (!json.objectOrNull("the projectInfo")) {
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "name" -> {
                    String project = json.shortText();
                    if (project != null && !project.isEmpty()) {
                        facts.put("target", project);
                    }
                }
                case "reportDate" -> reportDate = json.time();
                default -> parser.skipChildren();
            }
        }
    }

    private void readDependencies() throws IOException, MalformedReportException {
        dependenciesSeen = true;
        if (!json.arrayOrNull("the dependencies")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            readDependency();
        }
    }

    private void readDependency() throws IOException, MalformedReportException {
        json.requireObject("a dependency");
        Dependency dependency = new Dependency();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "fileName" -> dependency.fileName = json.string("a fileName");
                case "filePath" -> dependency.filePath = json.string("a filePath");
                case "isVirtual" -> dependency.virtual = Boolean.TRUE.equals(json.bool("isVirtual"));
                case "sha256", "sha1", "md5" -> dependency.digest(name, json.string("a " + name + " digest"));
                case "vulnerabilities" -> readVulnerabilities(dependency, false);
                case "suppressedVulnerabilities" -> readVulnerabilities(dependency, true);
                default -> parser.skipChildren();
            }
        }
        String where = strings.share(dependency.filePath != null ? dependency.filePath : dependency.fileName);
        for (Vulnerability vulnerability : dependency.vulnerabilities) {
            count(vulnerability, dependency, where);
        }
        if (!dependency.virtual && !dependency.digests.isEmpty() && dependency.isNamed(artifactName)) {
            statedArtifacts.add(new StatedArtifact(where, dependency.digests));
        }
    }

    private void readVulnerabilities(Dependency dependency, boolean suppressed)
            throws IOException, MalformedReportException {
        if (!json.arrayOrNull(suppressed ? "the suppressedVulnerabilities" : "the vulnerabilities")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            Vulnerability vulnerability = readVulnerability();
            vulnerability.suppressed = suppressed;
            dependency.vulnerabilities.add(vulnerability);
        }
    }

    private Vulnerability readVulnerability() throws IOException, MalformedReportException {
        json.requireObject("a vulnerability");
        Vulnerability vulnerability = new Vulnerability();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "name" -> vulnerability.id = strings.share(json.string("a vulnerability name"));
                case "severity" -> vulnerability.stated = rating("severity", json.string("a severity"), null);
                case "cvssv2" -> vulnerability.cvssv2 = readCvss("cvssv2", "severity", "score");
                case "cvssv3" -> vulnerability.cvssv3 = readCvss("cvssv3", "baseSeverity", "baseScore");
                case "cvssv4" -> vulnerability.cvssv4 = readCvss("cvssv4", "baseSeverity", "baseScore");
                case "description" -> vulnerability.description = json.shortText();
                default -> parser.skipChildren();
            }
        }
        return vulnerability;
    }

    /** Reads a CVSS rating for its severity word and its score, either of which may be absent. */
    private Rating readCvss(String version, String wordField, String scoreField)
            throws IOException, MalformedReportException {
        if (!json.objectOrNull("a " + version + " rating")) {
            return null;
        }
        String word = null;
        BigDecimal score = null;
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals(wordField)) {
                word = json.string("a " + version + " " + wordField);
            } else if (name.equals(scoreField)) {
                score = readScore(version + " " + scoreField);
            } else {
                parser.skipChildren();
            }
        }
        return rating(version + " " + wordField, word, score == null ? null : new Scored(version, scoreField, score));
    }

    private BigDecimal readScore(String what) throws IOException, MalformedReportException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        try {
            BigDecimal score = token.isNumeric() ? parser.getDecimalValue() : new BigDecimal(parser.getText());
            if (token.isNumeric() || token == JsonToken.VALUE_STRING) {
                if (score.signum() >= 0 && score.compareTo(BigDecimal.TEN) <= 0) {
                    return score;
                }
            }
        } catch (NumberFormatException e) {
            // Reported below, with the place.
        }
        throw json.problem("the " + what + " " + json.describe() + " is not a CVSS score from 0 to 10");
    }

    /** A rating from a severity word or, without one, from a score; {@code null} when it has neither. */
    private Rating rating(String field, String word, Scored score) throws MalformedReportException {
        if (word != null && !word.isEmpty()) {
            Severity severity = ScannerSeverity.of(word)
                    .orElseThrow(() -> json.problem("the " + field + " \"" + JsonCursor.shorten(word)
                            + "\" is no severity: neither critical, high, medium (or moderate), low, none nor"
                            + " unknown"));
            return new Rating(ScannerSeverity.source("Dependency-Check " + field, word, severity), severity, true);
        }
        if (score == null) {
            return null;
        }
        return new Rating(
                "Dependency-Check " + score.version() + " " + score.field() + " "
                        + score.score().toPlainString(),
                Severity.fromCvss(score.score().doubleValue()),
                false);
    }

    private void count(Vulnerability vulnerability, Dependency dependency, String where) {
        Rating rating = vulnerability.rating();
        Severity severity = rating == null ? Severity.HIGH : rating.severity();
        String severitySource = rating == null ? "no Dependency-Check severity, taken as high" : rating.source();
        String message = vulnerability.description;
        if (vulnerability.suppressed) {
            String note = "suppressed by a Dependency-Check suppression file, which does not waive it";
            message = message == null ? "(" + note + ")" : message + " (" + note + ")";
        }
        tally.add(
                vulnerability.id == null ? "(no vulnerability name)" : vulnerability.id,
                severity,
                vulnerability.suppressed,
                new ListedFinding(strings.share(severitySource), message, where));
    }

    /**
     * How a vulnerability got its severity.
     *
     * @param fromWord whether a severity word gave it, rather than a score
     */
    private record Rating(String source, Severity severity, boolean fromWord) {}

    private record Scored(String version, String field, BigDecimal score) {}

    /** One vulnerability while its dependency is read. */
    private static final class Vulnerability {
        private String id;
        private Rating stated;
        private Rating cvssv2;
        private Rating cvssv3;
        private Rating cvssv4;
        private String description;
        private boolean suppressed;

        Rating rating() {
            // A rating with a word wins over one with only a score, whichever CVSS version has it.
            for (Rating rating : new Rating[] {cvssv3, cvssv4, cvssv2, stated}) {
                if (rating != null && rating.fromWord()) {
                    return rating;
                }
            }
            for (Rating rating : new Rating[] {cvssv3, cvssv4, cvssv2}) {
                if (rating != null) {
                    return rating;
                }
            }
            return null;
        }
    }

    /** One dependency while it is read: its vulnerabilities wait for its file name, which may come after them. */
    private static final class Dependency {
        private String fileName;
        private String filePath;
        private boolean virtual;
        private final List<StatedDigest> digests = new ArrayList<>();
        private final List<Vulnerability> vulnerabilities = new ArrayList<>();

        void digest(String algorithm, String hex) {
            if (hex != null && !hex.isEmpty()) {
                digests.add(new StatedDigest(algorithm, DigestAlgorithm.byName(algorithm), hex));
            }
        }

        boolean isNamed(String artifactName) {
            return artifactName == null
                    || artifactName.equals(fileName)
                    || filePath != null && StatedArtifact.names(artifactName, filePath);
        }
    }
}
