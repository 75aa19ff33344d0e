package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.scan.StatedArtifact.StatedDigest;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Trivy JSON report of {@code SchemaVersion} 2 token by token, handing every finding to a {@link FindingTally}
 * as it passes: vulnerabilities, failed misconfigurations, secrets and licenses of every result, and the findings that
 * Trivy was told to set aside ({@code ModifiedFindings}, written with {@code --show-suppressed}), which count as
 * suppressed by the scanner.
 *
 * <p>The fields the verdict depends on (schema version, time, severities, statuses, package digests) are checked
 * strictly; texts that are only shown are taken when well formed. Trivy states a file's digest only for the packages
 * it found ({@code Packages[].Digest}, with {@code --list-all-pkgs}); one whose {@code FilePath} ends in the
 * artifact's name is the artifact's. {@code Metadata.ImageID} and {@code RepoDigests} identify an image's
 * configuration and manifest, never a file, so they are reported but not compared.
 */
final class TrivyReportReader {

    private static final String TOOL = "Trivy";
    private static final String SEVERITIES = "CRITICAL, HIGH, MEDIUM, LOW and UNKNOWN";
    private static final Set<String> TRIVY_WORDS = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

    private final ScanReportFile.ParserSource source;
    private final String artifactName;
    private final FindingTally tally;
    private final StringPool strings = new StringPool();
    private final List<StatedArtifact> statedArtifacts = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private JsonParser parser;
    private JsonCursor json;
    private Integer schemaVersion;
    private boolean clusterReport;
    private String version;
    private Instant createdAt;
    private int results;

    TrivyReportReader(ScanReportFile.ParserSource source, String artifactName, FindingTally tally) {
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
            throw ReportRejection.malformed("is not a valid Trivy report: " + e.getMessage());
        }
        String incomplete = results == 0
                ? "lists no scanned target (its Results are absent or empty): Trivy found nothing it could scan"
                : null;
        return new ScanReport(
                version == null ? TOOL : TOOL + " " + version,
                TOOL,
                createdAt,
                "it has no CreatedAt",
                incomplete,
                statedArtifacts,
                facts);
    }

    private void readTop() throws IOException, ReportRejection, MalformedReportException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw ReportRejection.malformed("is empty");
        }
        if (token == JsonToken.VALUE_NULL || token == JsonToken.START_ARRAY) {
            throw new ReportRejection(
                    Code.SCAN_UNSUPPORTED_VERSION,
                    "is a Trivy report from before SchemaVersion 2 (its JSON is " + json.describe()
                            + "), and the gate reads only SchemaVersion 2");
        }
        if (token != JsonToken.START_OBJECT) {
            throw ReportRejection.malformed(
                    "is not a Trivy report: its JSON is " + json.describe() + ", not an object");
        }
        readReport();
        if (parser.nextToken() != null) {
            throw json.problem("the report has more JSON after its end");
        }
        if (clusterReport && schemaVersion == null) {
            throw new ReportRejection(
                    Code.SCAN_UNSUPPORTED_VERSION,
                    "is a Trivy Kubernetes cluster report (it has a ClusterName and no SchemaVersion), not a report on"
                            + " one artifact, which the gate reads only as SchemaVersion 2");
        }
        if (schemaVersion == null) {
            throw new ReportRejection(
                    Code.SCAN_UNSUPPORTED_VERSION,
                    "states no SchemaVersion, and the gate reads only Trivy reports of SchemaVersion 2");
        }
    }

    private void readReport() throws IOException, ReportRejection, MalformedReportException {
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "SchemaVersion" -> readSchemaVersion();
                case "CreatedAt" -> createdAt = json.time();
                case "ArtifactName" -> fact("target", json.shownText());
                case "ArtifactType" -> fact("targetType", json.shownText());
                case "Trivy" -> version = readTrivyVersion();
                case "Metadata" -> readMetadata();
                case "Results" -> readResults();
                case "ClusterName" -> {
                    clusterReport = true;
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
    }

    private void readSchemaVersion() throws IOException, ReportRejection {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() == JsonParser.NumberType.INT
                && parser.getIntValue() == 2) {
            schemaVersion = 2;
            return;
        }
        throw new ReportRejection(
                Code.SCAN_UNSUPPORTED_VERSION,
                "states SchemaVersion " + (parser.currentToken().isNumeric() ? parser.getText() : json.describe())
                        + ", but the gate reads only Trivy reports of SchemaVersion 2");
    }

    private String readTrivyVersion() throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String found = null;
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("Version")) {
                found = json.shortText();
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    /** Reads the image identities, which are shown but never compared with a file's digest. */
    private void readMetadata() throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "ImageID" -> fact("imageId", json.shownText());
                case "RepoDigests" -> fact("repoDigests", shownList());
                default -> parser.skipChildren();
            }
        }
    }

    private String shownList() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String value = json.shortText();
            if (value != null) {
                values.add(value);
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private void readResults() throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the Results")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            results++;
            readResult();
        }
    }

    private void readResult() throws IOException, MalformedReportException {
        json.requireObject("a result");
        // A result's findings may come before its Target; they are located once the result is read.
        List<Pending> pending = new ArrayList<>();
        String target = null;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "Target" -> target = strings.share(json.shownText());
                case "Vulnerabilities" -> readFindings("a vulnerability", pending, this::readVulnerability);
                case "Misconfigurations" -> readFindings("a misconfiguration", pending, this::readMisconfiguration);
                case "Secrets" -> readFindings("a secret", pending, this::readSecret);
                case "Licenses" -> readFindings("a license", pending, this::readLicense);
                case "ModifiedFindings", "ExperimentalModifiedFindings" -> readModifiedFindings(pending);
                case "Packages" -> readPackages();
                default -> parser.skipChildren();
            }
        }
        for (Pending finding : pending) {
            count(finding, target);
        }
    }

    private void readFindings(String what, List<Pending> pending, FindingReader reader)
            throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the list of findings")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            json.requireObject(what);
            Pending finding = reader.read();
            if (finding != null) {
                pending.add(finding);
            }
        }
    }

    private void count(Pending finding, String target) {
        Severity severity =
                finding.severity() == null ? Severity.HIGH : finding.severity().severity();
        String severitySource = finding.severity() == null
                ? "no Trivy severity, taken as high"
                : ScannerSeverity.source("Trivy severity", finding.severity().word(), severity);
        String where = finding.path() != null ? finding.path() : target;
        if (where != null && finding.line() > 0) {
            where = where + ":" + finding.line();
        }
        String message = finding.message();
        if (finding.suppression() != null) {
            String note = "set aside by Trivy (" + finding.suppression() + "), which does not waive it";
            message = message == null ? "(" + note + ")" : message + " (" + note + ")";
        }
        tally.add(
                finding.id(),
                finding.aliases(),
                severity,
                finding.suppression() != null,
                new ListedFinding(strings.share(severitySource), message, where));
    }

    private Pending readVulnerability() throws IOException, MalformedReportException {
        Fields fields = new Fields();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "VulnerabilityID" -> fields.id = strings.share(json.string("a VulnerabilityID"));
                case "VendorIDs" -> fields.aliases = readIds();
                case "Severity" -> fields.severity = readSeverity();
                case "PkgName" -> fields.packageName = json.shortText();
                case "InstalledVersion" -> fields.packageVersion = json.shortText();
                case "PkgPath" -> fields.path = strings.share(json.shownText());
                case "Title" -> fields.title = json.shortText();
                case "FixedVersion" -> fields.fixedIn = json.shortText();
                default -> parser.skipChildren();
            }
        }
        return fields.pending("(no vulnerability id)", fields.vulnerabilityMessage());
    }

    private Pending readMisconfiguration() throws IOException, MalformedReportException {
        Fields fields = new Fields();
        String status = null;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "ID" -> fields.id = strings.share(json.string("a misconfiguration ID"));
                case "AVDID" -> fields.aliases = aliasOf(json.string("an AVDID"));
                case "Severity" -> fields.severity = readSeverity();
                case "Title" -> fields.title = json.shortText();
                case "Message" -> fields.message = json.shortText();
                case "Status" -> status = json.string("a misconfiguration status");
                default -> parser.skipChildren();
            }
        }
        if (status == null || status.equals("FAIL")) {
            return fields.pending("(no misconfiguration id)", fields.plainMessage());
        }
        if (status.equals("PASS")) {
            return null;
        }
        if (status.equals("EXCEPTION")) {
            return fields.pending("(no misconfiguration id)", fields.plainMessage())
                    .suppressed("excepted by a Trivy policy exception");
        }
        throw json.problem("the misconfiguration status \"" + JsonCursor.shorten(status)
                + "\" is none of Trivy's statuses FAIL, PASS and EXCEPTION");
    }

    private Pending readSecret() throws IOException, MalformedReportException {
        Fields fields = new Fields();
        int line = 0;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "RuleID" -> fields.id = strings.share(json.string("a secret's RuleID"));
                case "Severity" -> fields.severity = readSeverity();
                case "Title" -> fields.title = json.shortText();
                case "StartLine" -> line = json.shownNumber(0);
                // The secret itself (Match, Code) is never copied into a report.
                default -> parser.skipChildren();
            }
        }
        fields.line = line;
        return fields.pending("(no secret rule id)", fields.plainMessage());
    }

    private Pending readLicense() throws IOException, MalformedReportException {
        Fields fields = new Fields();
        String category = null;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "Name" -> fields.id = strings.share(json.string("a license name"));
                case "Severity" -> fields.severity = readSeverity();
                case "PkgName" -> fields.packageName = json.shortText();
                case "FilePath" -> fields.path = strings.share(json.shownText());
                case "Category" -> category = json.shortText();
                default -> parser.skipChildren();
            }
        }
        String subject = fields.packageName == null ? "a file" : fields.packageName;
        fields.message = subject + " is licensed " + fields.id + (category == null ? "" : " (" + category + ")");
        return fields.pending("(no license name)", fields.message);
    }

    /** Reads the findings Trivy set aside, for example by a VEX statement or an ignore file, with the reason. */
    private void readModifiedFindings(List<Pending> pending) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the ModifiedFindings")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            json.requireObject("a modified finding");
            String type = null;
            String status = null;
            String statement = null;
            TokenBuffer finding = null;
            String name;
            while ((name = json.nextField()) != null) {
                switch (name) {
                    case "Type" -> type = json.string("a modified finding's Type");
                    case "Status" -> status = json.shortText();
                    case "Statement" -> statement = json.shortText();
                    case "Finding" -> {
                        finding = new TokenBuffer(parser);
                        finding.copyCurrentStructure(parser);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (finding == null) {
                throw json.problem("the modified finding has no Finding");
            }
            Pending read = readBuffered(type, finding);
            if (read != null) {
                String why = (status == null ? "set aside" : status) + (statement == null ? "" : ": " + statement);
                pending.add(read.suppressed(why));
            }
        }
    }

    private Pending readBuffered(String type, TokenBuffer finding) throws IOException, MalformedReportException {
        FindingReader reader = switch (type == null ? "" : type) {
            case "vulnerability" -> this::readVulnerability;
            case "misconfiguration" -> this::readMisconfiguration;
            case "secret" -> this::readSecret;
            case "license" -> this::readLicense;
            default ->
                throw json.problem("the modified finding's Type \"" + JsonCursor.shorten(String.valueOf(type))
                        + "\" is none of vulnerability, misconfiguration, secret and license");
        };
        JsonParser outer = parser;
        JsonCursor outerCursor = json;
        try (JsonParser inner = finding.asParser()) {
            parser = inner;
            json = new JsonCursor(inner);
            parser.nextToken();
            json.requireObject("a modified finding's Finding");
            // A misconfiguration that passed is no finding, even when set aside, and is read as null.
            return reader.read();
        } finally {
            parser = outer;
            json = outerCursor;
        }
    }

    private void readPackages() throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the Packages")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            json.requireObject("a package");
            String path = null;
            String digest = null;
            String name;
            while ((name = json.nextField()) != null) {
                switch (name) {
                    case "FilePath" -> path = json.string("a package's FilePath");
                    case "Digest" -> digest = json.string("a package's Digest");
                    default -> parser.skipChildren();
                }
            }
            if (path != null && digest != null && StatedArtifact.names(artifactName, path)) {
                statedArtifacts.add(new StatedArtifact(path, List.of(statedDigest(digest))));
            }
        }
    }

    /** A digest as Trivy writes it, {@code sha1:0a1b...}. */
    private StatedDigest statedDigest(String digest) throws MalformedReportException {
        int colon = digest.indexOf(':');
        if (colon <= 0) {
            throw json.problem("the digest \"" + JsonCursor.shorten(digest) + "\" is not written as algorithm:hex");
        }
        String algorithm = digest.substring(0, colon);
        return new StatedDigest(algorithm, DigestAlgorithm.byName(algorithm), digest.substring(colon + 1));
    }

    private SeverityWord readSeverity() throws IOException, MalformedReportException {
        String word = json.string("a Severity");
        if (word == null) {
            return null;
        }
        Severity severity = ScannerSeverity.of(word)
                .filter(found -> TRIVY_WORDS.contains(word.toUpperCase(Locale.ROOT)))
                .orElseThrow(() -> json.problem("the severity \"" + JsonCursor.shorten(word)
                        + "\" is none of Trivy's severities " + SEVERITIES));
        return new SeverityWord(word, severity);
    }

    private List<String> readIds() throws IOException, MalformedReportException {
        if (!json.arrayOrNull("a list of ids")) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String id = json.string("an id");
            if (id != null) {
                ids.add(strings.share(id));
            }
        }
        return ids;
    }

    private List<String> aliasOf(String id) {
        return id == null ? List.of() : List.of(strings.share(id));
    }

    private void fact(String name, String value) {
        if (value != null && !value.isEmpty()) {
            facts.put(name, JsonCursor.oneLine(value));
        }
    }

    @FunctionalInterface
    private interface FindingReader {
        Pending read() throws IOException, MalformedReportException;
    }

    /** A severity as Trivy wrote it and as the gate takes it. */
    private record SeverityWord(String word, Severity severity) {}

    /** The fields of one finding while it is read, in whatever order the file has them. */
    private final class Fields {
        private String id;
        private List<String> aliases = List.of();
        private SeverityWord severity;
        private String packageName;
        private String packageVersion;
        private String path;
        private String title;
        private String message;
        private String fixedIn;
        private int line;

        String vulnerabilityMessage() {
            String subject =
                    packageName == null ? null : packageName + (packageVersion == null ? "" : " " + packageVersion);
            String text = subject == null ? title : title == null ? subject : subject + ": " + title;
            return fixedIn == null || fixedIn.isEmpty() || text == null ? text : text + " (fixed in " + fixedIn + ")";
        }

        String plainMessage() {
            if (title == null) {
                return message;
            }
            return message == null ? title : title + ": " + message;
        }

        Pending pending(String missingId, String text) {
            return new Pending(id == null ? missingId : id, aliases, severity, text, path, line, null);
        }
    }

    /**
     * A finding read and waiting for its result's target, which locates it when it names no path of its own.
     *
     * @param severity as stated, or {@code null} when the finding states none
     * @param suppression why Trivy set it aside, or {@code null}
     */
    private record Pending(
            String id,
            List<String> aliases,
            SeverityWord severity,
            String message,
            String path,
            int line,
            String suppression) {

        Pending suppressed(String why) {
            return new Pending(id, aliases, severity, message, path, line, why == null ? "set aside" : why);
        }
    }
}
