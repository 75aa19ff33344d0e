package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * Reads a Grype JSON report token by token, handing every match, and every match Grype ignored, to a {@link
 * FindingTally} as it passes.
 *
 * <p>The fields the verdict depends on (severities, the time, the scanned file's digests) are checked strictly; texts
 * that are only shown are taken when well formed. A scanned file's digests are those of {@code source.target} when
 * {@code source.type} is {@code file}, which is how Syft, and so Grype, describes a single file it scanned; an image's
 * {@code imageID} and {@code manifestDigest} identify no file and are reported, not compared.
 */
final class GrypeReportReader {

    private static final String TOOL = "Grype";
    private static final String SEVERITIES = "Critical, High, Medium, Low, Negligible and Unknown";
    private static final Set<String> GRYPE_WORDS = Set.of("critical", "high", "medium", "low", "negligible", "unknown");

    private final ScanReportFile.ParserSource source;
    private final FindingTally tally;
    private final StringPool strings = new StringPool();
    private final List<StatedArtifact> statedArtifacts = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private JsonParser parser;
    private JsonCursor json;
    private boolean matchesSeen;
    private boolean cycloneDx;
    private String toolName;
    private String version;
    private Instant timestamp;

    /** @param artifactName unused: Grype names no file the way other reports do, so its digests bind by source */
    GrypeReportReader(ScanReportFile.ParserSource source, String artifactName, FindingTally tally) {
        this.source = source;
        this.tally = tally;
    }

    ScanReport read() throws IOException, ReportRejection {
        try (JsonParser opened = source.open()) {
            parser = opened;
            json = new JsonCursor(opened);
            readTop();
        } catch (MalformedReportException e) {
            throw ReportRejection.malformed("is not a valid Grype report: " + e.getMessage());
        }
        String tool = toolName == null ? TOOL : displayName(toolName);
        return new ScanReport(
                version == null || version.isEmpty() ? tool : tool + " " + version,
                TOOL,
                timestamp,
                "it has no descriptor.timestamp",
                null,
                statedArtifacts,
                facts);
    }

    private void readTop() throws IOException, ReportRejection, MalformedReportException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw ReportRejection.malformed("is empty");
        }
        if (token != JsonToken.START_OBJECT) {
            throw ReportRejection.malformed(
                    "is not a Grype report: its JSON is " + json.describe() + ", not an object");
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "matches" -> readMatches(false);
                case "ignoredMatches" -> readMatches(true);
                case "source" -> readSource();
                case "descriptor" -> readDescriptor();
                case "bomFormat" -> {
                    cycloneDx = true;
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw json.problem("the report has more JSON after its end");
        }
        if (cycloneDx) {
            throw new ReportRejection(
                    Code.SCAN_UNKNOWN_FORMAT,
                    "is a CycloneDX document (as grype -o cyclonedx-json writes it), not a Grype JSON report");
        }
        if (!matchesSeen) {
            throw new ReportRejection(
                    Code.SCAN_UNKNOWN_FORMAT, "has no matches array, so it is not a Grype JSON report");
        }
    }

    private void readMatches(boolean ignored) throws IOException, MalformedReportException {
        // Matches stated as null are an empty list, as Go writes a list it never filled.
        matchesSeen |= !ignored;
        if (!json.arrayOrNull(ignored ? "the ignoredMatches" : "the matches")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            readMatch(ignored);
        }
    }

    private void readMatch(boolean ignored) throws IOException, MalformedReportException {
        json.requireObject("a match");
        Match match = new Match();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "vulnerability" -> readVulnerability(match);
                case "relatedVulnerabilities" -> readRelated(match);
                case "artifact" -> readArtifact(match);
                case "appliedIgnoreRules" -> match.ignoreRules = countRules();
                default -> parser.skipChildren();
            }
        }
        if (match.id == null) {
            throw json.problem("the match has no vulnerability id");
        }
        match.aliases.remove(match.id);
        Severity severity = match.severityWord == null ? Severity.HIGH : match.severity;
        String severitySource = match.severityWord == null
                ? "no Grype severity, taken as high"
                : ScannerSeverity.source("Grype severity", match.severityWord, severity);
        String message = match.message();
        if (ignored) {
            String rules = match.ignoreRules == 1 ? "1 ignore rule" : match.ignoreRules + " ignore rules";
            String note = "ignored by Grype under " + rules + ", which does not waive it";
            message = message == null ? "(" + note + ")" : message + " (" + note + ")";
        }
        tally.add(
                match.id,
                List.copyOf(match.aliases),
                severity,
                ignored,
                new ListedFinding(strings.share(severitySource), message, match.location));
    }

    private void readVulnerability(Match match) throws IOException, MalformedReportException {
        json.requireObject("a vulnerability");
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "id" -> match.id = strings.share(json.string("a vulnerability id"));
                case "severity" -> readSeverity(match);
                case "description" -> match.description = json.shortText();
                case "fix" -> match.fixedIn = readFixVersions();
                default -> parser.skipChildren();
            }
        }
    }

    private void readSeverity(Match match) throws IOException, MalformedReportException {
        String word = json.string("a severity");
        if (word == null) {
            return;
        }
        if (!GRYPE_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
            throw json.problem(
                    "the severity \"" + JsonCursor.shorten(word) + "\" is none of Grype's severities " + SEVERITIES);
        }
        match.severityWord = strings.share(word);
        match.severity = ScannerSeverity.of(word).orElseThrow();
    }

    private String readFixVersions() throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        List<String> versions = new ArrayList<>();
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("versions") && parser.currentToken() == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String version = json.shortText();
                    if (version != null) {
                        versions.add(version);
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return versions.isEmpty() ? null : String.join(", ", versions);
    }

    private void readRelated(Match match) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the relatedVulnerabilities")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            json.requireObject("a related vulnerability");
            String name;
            while ((name = json.nextField()) != null) {
                if (name.equals("id")) {
                    String id = json.string("a related vulnerability id");
                    if (id != null && !match.aliases.contains(id)) {
                        match.aliases.add(strings.share(id));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private void readArtifact(Match match) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "name" -> match.packageName = json.shortText();
                case "version" -> match.packageVersion = json.shortText();
                case "locations" -> match.location = strings.share(firstPath());
                default -> parser.skipChildren();
            }
        }
    }

    private String firstPath() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        String first = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (first != null || parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String name;
            while ((name = json.nextField()) != null) {
                if (name.equals("path")) {
                    first = json.shownText();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return first;
    }

    private int countRules() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return 0;
        }
        int rules = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            rules++;
        }
        return rules;
    }

    /** Reads what was scanned; a single file's digests are kept to compare with the artifact's. */
    private void readSource() throws IOException, MalformedReportException {
        if (!json.objectOrNull("the source")) {
            return;
        }
        String type = null;
        Target target = new Target();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "type" -> type = json.shownText();
                case "target" -> readTarget(target);
                default -> parser.skipChildren();
            }
        }
        fact("targetType", type);
        fact("target", target.userInput);
        fact("imageId", target.imageId);
        fact("manifestDigest", target.manifestDigest);
        if ("file".equals(type) && !target.digests.isEmpty()) {
            String path = target.path != null ? target.path : String.valueOf(target.userInput);
            statedArtifacts.add(new StatedArtifact(path, target.digests));
        }
    }

    private void readTarget(Target target) throws IOException, MalformedReportException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            target.userInput = parser.getText();
            return;
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "userInput" -> target.userInput = json.shownText();
                case "path" -> target.path = json.shownText();
                case "imageID" -> target.imageId = json.shownText();
                case "manifestDigest" -> target.manifestDigest = json.shownText();
                case "digests" -> readDigests(target.digests);
                default -> parser.skipChildren();
            }
        }
    }

    private void readDigests(List<StatedDigest> digests) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the digests")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            json.requireObject("a digest");
            String algorithm = null;
            String value = null;
            String name;
            while ((name = json.nextField()) != null) {
                switch (name) {
                    case "algorithm" -> algorithm = json.string("a digest algorithm");
                    case "value" -> value = json.string("a digest value");
                    default -> parser.skipChildren();
                }
            }
            if (algorithm == null || value == null) {
                throw json.problem("the digest lacks its algorithm or its value");
            }
            digests.add(new StatedDigest(algorithm, DigestAlgorithm.byName(algorithm), value));
        }
    }

    private void readDescriptor() throws IOException, MalformedReportException {
        if (!json.objectOrNull("the descriptor")) {
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "name" -> toolName = json.shortText();
                case "version" -> version = json.shortText();
                case "timestamp" -> timestamp = readTimestamp();
                default -> parser.skipChildren();
            }
        }
    }

    /** Reads the scan's time; Grype's own test reports leave it empty, which says as little as leaving it out. */
    private Instant readTimestamp() throws IOException, MalformedReportException {
        String text = json.string("the timestamp");
        return text == null || text.isEmpty() ? null : json.time();
    }

    private static String displayName(String name) {
        return name.equalsIgnoreCase(TOOL) ? TOOL : name;
    }

    private void fact(String name, String value) {
        if (value != null && !value.isEmpty()) {
            facts.put(name, JsonCursor.oneLine(value));
        }
    }

    /** What {@code source.target} states, in whatever order the file has it. */
    private static final class Target {
        private String userInput;
        private String path;
        private String imageId;
        private String manifestDigest;
        private final List<StatedDigest> digests = new ArrayList<>();
    }

    /** The fields of one match while it is read. */
    private static final class Match {
        private String id;
        private final List<String> aliases = new ArrayList<>();
        private String severityWord;
        private Severity severity;
        private String description;
        private String fixedIn;
        private String packageName;
        private String packageVersion;
        private String location;
        private int ignoreRules;

        String message() {
            String subject =
                    packageName == null ? null : packageName + (packageVersion == null ? "" : " " + packageVersion);
            String text = subject == null ? description : description == null ? subject : subject + ": " + description;
            return fixedIn == null || text == null ? text : text + " (fixed in " + fixedIn + ")";
        }
    }
}
