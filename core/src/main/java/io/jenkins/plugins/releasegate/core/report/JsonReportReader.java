package io.jenkins.plugins.releasegate.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a report that {@link JsonReportWriter} wrote back into the {@link GateReport} it came from, so that a front
 * end can carry a report as text (for example from a Jenkins agent to the controller, or in a build's record) and
 * still show every field of it.
 */
public final class JsonReportReader {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build());

    private JsonReportReader() {}

    /**
     * Reads a {@code release-gate/report/v1} document.
     *
     * @param source what to call the report in messages, for example {@code the gate report of build #12}
     * @throws IOException when the text is not such a report; the message names the source and the field
     */
    public static GateReport read(String source, String json) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    source + " is not valid JSON (" + e.getOriginalMessage() + "), so it cannot be" + " shown.");
        }
        Fields top = new Fields(source, "", root);
        String schema = top.text("schema");
        if (!GateReport.SCHEMA.equals(schema)) {
            throw new IOException(source + " has the schema \"" + schema + "\", not \"" + GateReport.SCHEMA
                    + "\", so it cannot be shown.");
        }
        String mode = top.text("mode");
        if (!mode.equals("audit") && !mode.equals("enforce")) {
            throw top.invalid("mode", "audit or enforce", mode);
        }
        List<ArtifactReport> artifacts = top.list("artifacts", JsonReportReader::artifact);
        List<String> notes = top.texts("notes");
        return new GateReport(
                top.word("verdict", Verdict.class),
                mode.equals("audit"),
                top.object("policy").optionalText("sha256"),
                top.instant("time"),
                artifacts,
                notes);
    }

    private static ArtifactReport artifact(Fields artifact) throws IOException {
        return new ArtifactReport(
                artifact.text("path"),
                artifact.optionalText("sha256"),
                artifact.word("verdict", Verdict.class),
                artifact.list("checks", JsonReportReader::check));
    }

    private static CheckResult check(Fields check) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        if (check.has("facts")) {
            Fields factFields = check.object("facts");
            for (Iterator<String> names = factFields.node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                facts.put(name, factFields.text(name));
            }
        }
        List<Finding> findings = check.has("findings") ? check.list("findings", JsonReportReader::finding) : List.of();
        List<ExceptionUse> exceptions =
                check.has("exceptions") ? check.list("exceptions", JsonReportReader::exception) : List.of();
        return new CheckResult(
                check.word("check", Check.class),
                check.word("status", Status.class),
                check.code("code"),
                check.optionalText("evidence"),
                check.text("detail"),
                facts,
                findings,
                exceptions);
    }

    private static Finding finding(Fields finding) throws IOException {
        return new Finding(
                finding.text("id"),
                finding.word("severity", Severity.class),
                finding.text("severitySource"),
                finding.optionalText("message"),
                finding.optionalText("location"),
                finding.optionalText("waivedBy"));
    }

    private static ExceptionUse exception(Fields use) throws IOException {
        return new ExceptionUse(
                use.text("id"),
                use.text("waive"),
                use.text("owner"),
                use.optionalText("ticket"),
                use.date("expires"),
                use.bool("expired"));
    }

    /** Reads one element of a list. */
    @FunctionalInterface
    private interface ElementReader<T> {
        T read(Fields element) throws IOException;
    }

    /** The fields of one JSON object, with its path for messages. */
    private static final class Fields {

        private final String source;
        private final String path;
        private final JsonNode node;

        Fields(String source, String path, JsonNode node) throws IOException {
            this.source = source;
            this.path = path;
            this.node = node;
            if (node == null || !node.isObject()) {
                throw new IOException(source + " has no object at " + where(path)
                        + ", so it is not a gate report and cannot be" + " shown.");
            }
        }

        boolean has(String name) {
            return node.has(name) && !node.get(name).isNull();
        }

        String text(String name) throws IOException {
            String value = optionalText(name);
            if (value == null) {
                throw new IOException(source + " lacks the field " + where(child(name)) + ", so it cannot be shown.");
            }
            return value;
        }

        String optionalText(String name) throws IOException {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw invalid(name, "text", value.toString());
            }
            return value.textValue();
        }

        boolean bool(String name) throws IOException {
            JsonNode value = node.get(name);
            if (value == null || !value.isBoolean()) {
                throw invalid(name, "true or false", String.valueOf(value));
            }
            return value.booleanValue();
        }

        <E extends Enum<E>> E word(String name, Class<E> type) throws IOException {
            String value = text(name);
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(name, "one of " + words(type), value);
            }
        }

        Code code(String name) throws IOException {
            String value = text(name);
            try {
                return Code.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw invalid(name, "a code this version knows", value);
            }
        }

        Instant instant(String name) throws IOException {
            String value = text(name);
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(name, "an ISO-8601 instant", value);
            }
        }

        LocalDate date(String name) throws IOException {
            String value = text(name);
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(name, "a date such as 2027-01-31", value);
            }
        }

        Fields object(String name) throws IOException {
            return new Fields(source, child(name), node.get(name));
        }

        <T> List<T> list(String name, ElementReader<T> reader) throws IOException {
            JsonNode array = array(name);
            List<T> elements = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                elements.add(reader.read(new Fields(source, child(name) + "[" + i + "]", array.get(i))));
            }
            return elements;
        }

        List<String> texts(String name) throws IOException {
            JsonNode array = array(name);
            List<String> texts = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                if (!array.get(i).isTextual()) {
                    throw invalid(name + "[" + i + "]", "text", array.get(i).toString());
                }
                texts.add(array.get(i).textValue());
            }
            return texts;
        }

        private JsonNode array(String name) throws IOException {
            JsonNode array = node.get(name);
            if (array == null || !array.isArray()) {
                throw invalid(name, "a list", String.valueOf(array));
            }
            return array;
        }

        IOException invalid(String name, String expected, String actual) {
            return new IOException(source + " has " + actual + " at " + where(child(name)) + " where " + expected
                    + " belongs, so it cannot be shown.");
        }

        private String child(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private static String where(String path) {
            return path.isEmpty() ? "its top level" : path;
        }

        private static <E extends Enum<E>> String words(Class<E> type) {
            return String.join(
                    ", ",
                    Arrays.stream(type.getEnumConstants())
                            .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }
}
