package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.scan.SarifLog.RunSummary;
import io.jenkins.plugins.releasegate.core.scan.SarifResult.ComponentReference;
import io.jenkins.plugins.releasegate.core.scan.StatedArtifact.StatedDigest;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a SARIF 2.1.0 log token by token, so that memory follows the number of rules and the findings kept for the
 * report, never the size of the file. Results go to a {@link FindingTally} as they are read, weighed with the rules of
 * their run. JSON objects have no key order, so a run's results may come before its tool and rules (Semgrep writes
 * them so); such results are skipped at first and read in a second pass over the file, which costs time but keeps
 * memory bounded.
 *
 * <p>The fields the verdict depends on (version, rules, rule references, kinds, levels, security severities,
 * invocation times and outcomes, the artifact's stated digests) are checked strictly, and the first one that breaks
 * the format ends the reading with a {@link MalformedReportException}. Fields that are only shown (tool name, message,
 * location) are taken when well formed and otherwise left out.
 */
final class SarifLogReader {

    static final String SUPPORTED_VERSION = "2.1.0";

    private final ScanReportFile.ParserSource source;
    private final String artifactName;
    private final FindingTally tally;
    private final StringPool strings = new StringPool();
    private final List<RunSummary> runs = new ArrayList<>();
    private final List<StatedArtifact> statedArtifacts = new ArrayList<>();
    private final Map<Integer, SarifRun> deferred = new HashMap<>();
    private JsonParser parser;
    private JsonCursor json;
    private String version;
    private boolean runsSeen;

    /**
     * @param artifactName the gated artifact's file name, which a run's artifact entry must end in to state its digest;
     *     {@code null} keeps the digests of every entry, for a report read as release-wide evidence
     */
    SarifLogReader(ScanReportFile.ParserSource source, String artifactName, FindingTally tally) {
        this.source = source;
        this.artifactName = artifactName;
        this.tally = tally;
    }

    SarifLog read() throws IOException, ReportRejection {
        try (JsonParser first = source.open()) {
            readFirstPass(first);
        }
        if (!deferred.isEmpty()) {
            try (JsonParser second = source.open()) {
                readDeferredResults(second);
            } catch (MalformedReportException e) {
                throw ReportRejection.malformed("is not valid SARIF " + SUPPORTED_VERSION + ": " + e.getMessage());
            }
        }
        return new SarifLog(runs, statedArtifacts);
    }

    private void readFirstPass(JsonParser first) throws IOException, ReportRejection {
        use(first);
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw ReportRejection.malformed("is empty");
        }
        if (token != JsonToken.START_OBJECT) {
            throw ReportRejection.malformed("is not a SARIF log: its JSON is " + json.describe() + ", not an object");
        }

        MalformedReportException problem = null;
        try {
            readLog();
            if (parser.nextToken() != null) {
                throw json.problem("the log has more JSON after its end");
            }
        } catch (MalformedReportException e) {
            problem = e;
            if (version == null) {
                findVersionAfterProblem();
            }
        }

        // A log of another version has another shape, so its version explains a shape problem better than the problem.
        if (version == null) {
            throw ReportRejection.malformed("is not a SARIF log: it states no version");
        }
        if (problem != null) {
            throw ReportRejection.malformed("is not valid SARIF " + SUPPORTED_VERSION + ": " + problem.getMessage());
        }
        if (!runsSeen) {
            throw ReportRejection.malformed("is not a SARIF log: it has no runs array");
        }
    }

    /** Reads, now that every run's rules are known, the results that came before their run's tool. */
    private void readDeferredResults(JsonParser second) throws IOException, MalformedReportException {
        use(second);
        parser.nextToken();
        json.requireObject("the log");
        String name;
        while ((name = json.nextField()) != null) {
            if (!name.equals("runs")) {
                parser.skipChildren();
                continue;
            }
            // The first pass found this shape; these checks guard against a file changed since then.
            json.requireArray("the runs");
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                SarifRun run = deferred.get(index++);
                if (run == null || parser.currentToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                String field;
                while ((field = json.nextField()) != null) {
                    if (field.equals("results")) {
                        readResultArray(run);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
    }

    private void use(JsonParser next) {
        parser = next;
        json = new JsonCursor(next);
    }

    private void readLog() throws IOException, ReportRejection, MalformedReportException {
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "version" -> readVersion();
                case "runs" -> readRuns();
                default -> parser.skipChildren();
            }
        }
    }

    private void readVersion() throws IOException, ReportRejection {
        if (parser.currentToken() == JsonToken.VALUE_STRING && SUPPORTED_VERSION.equals(parser.getText())) {
            version = SUPPORTED_VERSION;
            return;
        }
        throw new ReportRejection(
                Code.SCAN_UNSUPPORTED_VERSION,
                "states SARIF version " + json.describe() + ", but the gate reads only SARIF " + SUPPORTED_VERSION);
    }

    /** After a problem, looks on through the log's own fields for a version that explains it. */
    private void findVersionAfterProblem() throws IOException, ReportRejection {
        parser.skipChildren();
        while (parser.getParsingContext().getNestingDepth() > 1) {
            if (parser.nextToken() == null) {
                return;
            }
            parser.skipChildren();
        }
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("version")) {
                readVersion();
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readRuns() throws IOException, MalformedReportException {
        json.requireArray("the runs");
        runsSeen = true;
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            readRun(new SarifRun(index++, tally, strings));
        }
    }

    private void readRun(SarifRun run) throws IOException, MalformedReportException {
        json.requireObject("a run");
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "tool" -> readTool(run);
                case "invocations" -> readInvocations(run);
                case "artifacts" -> readArtifacts(run);
                case "results" -> readResults(run);
                default -> parser.skipChildren();
            }
        }
        if (!run.hasTool()) {
            throw json.problem("the run has no tool");
        }
        runs.add(run.finish());
    }

    private void readTool(SarifRun run) throws IOException, MalformedReportException {
        json.requireObject("the tool");
        ToolComponent driver = null;
        List<ToolComponent> extensions = new ArrayList<>();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "driver" -> driver = readComponent();
                case "extensions" -> {
                    json.requireArray("the extensions");
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        extensions.add(readComponent());
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (driver == null) {
            throw json.problem("the tool has no driver");
        }
        run.tool(driver, extensions);
    }

    private ToolComponent readComponent() throws IOException, MalformedReportException {
        json.requireObject("a tool component");
        String name = null;
        String version = null;
        String semanticVersion = null;
        String guid = null;
        List<SarifRule> rules = new ArrayList<>();
        String field;
        while ((field = json.nextField()) != null) {
            switch (field) {
                case "name" -> name = json.shownText();
                case "version" -> version = json.shownText();
                case "semanticVersion" -> semanticVersion = json.shownText();
                case "guid" -> guid = json.shownText();
                case "rules" -> {
                    json.requireArray("the rules");
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        rules.add(readRule());
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new ToolComponent(name, version != null ? version : semanticVersion, guid, rules);
    }

    private SarifRule readRule() throws IOException, MalformedReportException {
        json.requireObject("a rule");
        String id = null;
        SecuritySeverity securitySeverity = null;
        SarifLevel defaultLevel = null;
        String description = null;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "id" -> id = strings.share(json.string("a rule id"));
                case "properties" -> securitySeverity = readSecuritySeverity();
                case "shortDescription" -> description = readMessageText();
                case "defaultConfiguration" -> defaultLevel = readDefaultLevel();
                default -> parser.skipChildren();
            }
        }
        return new SarifRule(id, securitySeverity, defaultLevel, description);
    }

    private SarifLevel readDefaultLevel() throws IOException, MalformedReportException {
        if (!json.objectOrNull("a rule's default configuration")) {
            return null;
        }
        SarifLevel level = null;
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("level")) {
                level = readLevel();
            } else {
                parser.skipChildren();
            }
        }
        return level;
    }

    private SarifLevel readLevel() throws IOException, MalformedReportException {
        String word = json.string("a level");
        if (word == null) {
            return null;
        }
        return SarifLevel.byWord(word)
                .orElseThrow(() -> json.problem(
                        "the level \"" + word + "\" is none of SARIF's levels none, note, warning and error"));
    }

    /** Reads a property bag for the one property the gate decides on. */
    private SecuritySeverity readSecuritySeverity() throws IOException, MalformedReportException {
        if (!json.objectOrNull("a property bag")) {
            return null;
        }
        SecuritySeverity found = null;
        String name;
        while ((name = json.nextField()) != null) {
            if (!name.equals("security-severity")) {
                parser.skipChildren();
                continue;
            }
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            if (token != JsonToken.VALUE_STRING && !token.isNumeric()) {
                throw json.problem("the security-severity is " + json.describe() + ", not a CVSS score");
            }
            String text = parser.getText();
            found = SecuritySeverity.parse(text)
                    .map(severity -> new SecuritySeverity(severity.severity(), strings.share(severity.text())))
                    .orElseThrow(() -> json.problem("the security-severity \"" + JsonCursor.shorten(text)
                            + "\" is neither a CVSS score from 0 to 10 nor a severity such as high"));
        }
        return found;
    }

    private void readInvocations(SarifRun run) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the invocations")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            readInvocation(run);
        }
    }

    private void readInvocation(SarifRun run) throws IOException, MalformedReportException {
        json.requireObject("an invocation");
        Instant start = null;
        Instant end = null;
        Boolean successful = null;
        Notifications notifications = new Notifications();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "startTimeUtc" -> start = json.time();
                case "endTimeUtc" -> end = json.time();
                case "executionSuccessful" -> successful = json.bool("executionSuccessful");
                case "toolExecutionNotifications", "toolConfigurationNotifications" -> readNotifications(notifications);
                default -> parser.skipChildren();
            }
        }
        run.invocation(end != null ? end : start, successful, notifications.firstError, notifications.errors);
    }

    private void readNotifications(Notifications notifications) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the notifications")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            boolean error = false;
            String text = null;
            String name;
            while ((name = json.nextField()) != null) {
                switch (name) {
                    case "level" -> error = "error".equals(json.shownText());
                    case "message" -> text = readMessageText();
                    default -> parser.skipChildren();
                }
            }
            if (error) {
                notifications.errors++;
                if (notifications.firstError == null) {
                    notifications.firstError = text;
                }
            }
        }
    }

    private void readArtifacts(SarifRun run) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the artifacts")) {
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            readArtifact(run);
        }
    }

    private void readArtifact(SarifRun run) throws IOException, MalformedReportException {
        json.requireObject("an artifact");
        String uri = null;
        List<StatedDigest> digests = List.of();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "location" -> uri = readArtifactUri();
                case "hashes" -> digests = readHashes();
                default -> parser.skipChildren();
            }
        }
        run.artifact(uri);
        if (uri != null && !digests.isEmpty() && StatedArtifact.names(artifactName, uri)) {
            statedArtifacts.add(new StatedArtifact(uri, digests));
        }
    }

    private String readArtifactUri() throws IOException, MalformedReportException {
        if (!json.objectOrNull("an artifact location")) {
            return null;
        }
        String uri = null;
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("uri")) {
                uri = json.string("a URI");
            } else {
                parser.skipChildren();
            }
        }
        return uri;
    }

    private List<StatedDigest> readHashes() throws IOException, MalformedReportException {
        if (!json.objectOrNull("the hashes")) {
            return List.of();
        }
        List<StatedDigest> digests = new ArrayList<>();
        String name;
        while ((name = json.nextField()) != null) {
            String hex = json.string("a hash");
            if (hex != null) {
                digests.add(new StatedDigest(name, DigestAlgorithm.byName(name), hex));
            }
        }
        return digests;
    }

    private void readResults(SarifRun run) throws IOException, MalformedReportException {
        if (!json.arrayOrNull("the results")) {
            run.results(false);
            return;
        }
        run.results(true);
        if (!run.hasTool()) {
            deferred.put(run.index(), run);
            parser.skipChildren();
            return;
        }
        readResultArray(run);
    }

    private void readResultArray(SarifRun run) throws IOException, MalformedReportException {
        int position = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            Optional<SarifResult> result = readResult(position++);
            if (result.isPresent()) {
                run.weigh(result.get());
            }
        }
    }

    /** Reads one result, or returns empty when its kind or baseline state makes it no finding. */
    private Optional<SarifResult> readResult(int position) throws IOException, MalformedReportException {
        json.requireObject("a result");
        int line = parser.currentTokenLocation().getLineNr();
        ResultFields fields = new ResultFields();
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "ruleId" -> fields.ruleId = strings.share(json.string("a rule id"));
                case "ruleIndex" -> fields.ruleIndex = json.index("a rule index");
                case "rule" -> readRuleReference(fields);
                case "kind" -> fields.kind = readKind();
                case "level" -> fields.level = readLevel();
                case "properties" -> fields.securitySeverity = readSecuritySeverity();
                case "message" -> fields.message = readMessageText();
                case "locations" -> readFirstLocation(fields);
                case "suppressions" -> fields.suppression = readSuppression();
                case "baselineState" -> fields.absent = readAbsent();
                default -> parser.skipChildren();
            }
        }
        if (!fields.kind.finding() || fields.absent) {
            return Optional.empty();
        }
        return Optional.of(new SarifResult(
                position,
                line,
                fields.ruleId,
                fields.ruleIndex,
                fields.referenceId,
                fields.referenceIndex,
                fields.component,
                fields.kind,
                fields.level,
                fields.securitySeverity,
                fields.message,
                fields.uri,
                fields.artifactIndex,
                fields.startLine,
                fields.logicalLocation,
                fields.suppression));
    }

    private SarifKind readKind() throws IOException, MalformedReportException {
        String word = json.string("a kind");
        if (word == null) {
            return SarifKind.FAIL;
        }
        return SarifKind.byWord(word)
                .orElseThrow(() ->
                        json.problem("the kind \"" + JsonCursor.shorten(word) + "\" is none of SARIF's result kinds"));
    }

    /**
     * Reads a result's {@code baselineState}: {@code absent} marks a result of an earlier run that the current run no
     * longer finds, so it is no finding.
     */
    private boolean readAbsent() throws IOException, MalformedReportException {
        String state = json.string("a baseline state");
        if (state == null) {
            return false;
        }
        return switch (state) {
            case "absent" -> true;
            case "new", "unchanged", "updated" -> false;
            default ->
                throw json.problem(
                        "the baseline state \"" + JsonCursor.shorten(state) + "\" is none of SARIF's baseline states");
        };
    }

    private void readRuleReference(ResultFields fields) throws IOException, MalformedReportException {
        if (!json.objectOrNull("a rule reference")) {
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "id" -> fields.referenceId = strings.share(json.string("a rule id"));
                case "index" -> fields.referenceIndex = json.index("a rule index");
                case "toolComponent" -> fields.component = readComponentReference();
                default -> parser.skipChildren();
            }
        }
    }

    private ComponentReference readComponentReference() throws IOException, MalformedReportException {
        if (!json.objectOrNull("a tool component reference")) {
            return null;
        }
        int index = -1;
        String componentName = null;
        String guid = null;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "index" -> index = json.index("a tool component index");
                case "name" -> componentName = json.string("a tool component name");
                case "guid" -> guid = json.string("a tool component GUID");
                default -> parser.skipChildren();
            }
        }
        return new ComponentReference(index, componentName, guid);
    }

    /** Takes the place a report shows from the first location; the other locations are skipped unread. */
    private void readFirstLocation(ResultFields fields) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        boolean first = true;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (first && parser.currentToken() == JsonToken.START_OBJECT) {
                readLocation(fields);
            } else {
                parser.skipChildren();
            }
            first = false;
        }
    }

    private void readLocation(ResultFields fields) throws IOException {
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "physicalLocation" -> readPhysicalLocation(fields);
                case "logicalLocations" -> fields.logicalLocation = readLogicalName();
                default -> parser.skipChildren();
            }
        }
    }

    private void readPhysicalLocation(ResultFields fields) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        String name;
        while ((name = json.nextField()) != null) {
            if (name.equals("artifactLocation") && parser.currentToken() == JsonToken.START_OBJECT) {
                String field;
                while ((field = json.nextField()) != null) {
                    switch (field) {
                        case "uri" -> fields.uri = strings.share(json.shownText());
                        case "index" -> fields.artifactIndex = json.shownNumber(-1);
                        default -> parser.skipChildren();
                    }
                }
            } else if (name.equals("region") && parser.currentToken() == JsonToken.START_OBJECT) {
                String field;
                while ((field = json.nextField()) != null) {
                    if (field.equals("startLine")) {
                        fields.startLine = json.shownNumber(0);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private String readLogicalName() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        String found = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (found != null || parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String fullyQualified = null;
            String plain = null;
            String name;
            while ((name = json.nextField()) != null) {
                switch (name) {
                    case "fullyQualifiedName" -> fullyQualified = json.shownText();
                    case "name" -> plain = json.shownText();
                    default -> parser.skipChildren();
                }
            }
            found = fullyQualified != null ? fullyQualified : plain;
        }
        return strings.share(found);
    }

    /**
     * Reads a result's suppressions and says how an accepted one suppresses it. SARIF counts a suppression without a
     * status as accepted; one under review or rejected does not suppress.
     */
    private String readSuppression() throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        String how = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String kind = null;
            String status = "accepted";
            String name;
            while ((name = json.nextField()) != null) {
                switch (name) {
                    case "kind" -> kind = json.shownText();
                    case "status" -> status = json.shownText();
                    default -> parser.skipChildren();
                }
            }
            if (how == null && "accepted".equals(status)) {
                how = "inSource".equals(kind) ? "in source" : "externally";
            }
        }
        return how;
    }

    /** Reads a SARIF message or multiformat message string for its plain text, cut to one short line. */
    private String readMessageText() throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String text = null;
        String markdown = null;
        String name;
        while ((name = json.nextField()) != null) {
            switch (name) {
                case "text" -> text = json.shortText();
                case "markdown" -> {
                    if (text == null) {
                        markdown = json.shortText();
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return text != null ? text : markdown;
    }

    private static final class Notifications {
        private String firstError;
        private int errors;
    }

    /** The fields of a result while it is read, in whatever order the file has them. */
    private static final class ResultFields {
        private String ruleId;
        private int ruleIndex = -1;
        private String referenceId;
        private int referenceIndex = -1;
        private ComponentReference component;
        private SarifKind kind = SarifKind.FAIL;
        private SarifLevel level;
        private SecuritySeverity securitySeverity;
        private String message;
        private String uri;
        private int artifactIndex = -1;
        private int startLine;
        private String logicalLocation;
        private String suppression;
        private boolean absent;
    }
}
