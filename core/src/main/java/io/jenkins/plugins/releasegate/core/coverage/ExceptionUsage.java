package io.jenkins.plugins.releasegate.core.coverage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.releasegate.core.report.AtomicFiles;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How often each policy exception has waived something: in how many builds, of which jobs, and when last. Each
 * finished build is recorded once. Safe for many threads.
 */
public final class ExceptionUsage {

    /** The schema name of the file the ledger is kept in. */
    public static final String SCHEMA = "release-gate/exception-usage/v1";

    /** How many jobs are remembered per exception; the most recent ones are kept. */
    static final int MAX_JOBS = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Usage> byId = new LinkedHashMap<>();

    /**
     * The use of one exception.
     *
     * @param builds in how many builds it waived something
     * @param jobs the jobs of those builds, most recent last, at most {@link #MAX_JOBS}
     * @param lastUsed when the last of those builds finished
     */
    public record Usage(int builds, List<String> jobs, Instant lastUsed) {

        public Usage {
            jobs = List.copyOf(jobs);
        }
    }

    /** Counts the exceptions one finished build used. */
    public synchronized void record(BuildRecord build) {
        for (ExceptionUse use : build.exceptions()) {
            Usage before = byId.get(use.id());
            List<String> jobs = new ArrayList<>(before == null ? List.of() : before.jobs());
            jobs.remove(build.job());
            jobs.add(build.job());
            if (jobs.size() > MAX_JOBS) {
                jobs.remove(0);
            }
            Instant last = before == null || build.finished().isAfter(before.lastUsed())
                    ? build.finished()
                    : before.lastUsed();
            byId.put(use.id(), new Usage(before == null ? 1 : before.builds() + 1, jobs, last));
        }
    }

    public synchronized Optional<Usage> of(String exceptionId) {
        return Optional.ofNullable(byId.get(exceptionId));
    }

    public synchronized String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode exceptions = root.putObject("exceptions");
        byId.forEach((id, usage) -> {
            ObjectNode entry = exceptions.putObject(id);
            entry.put("builds", usage.builds());
            ArrayNode jobs = entry.putArray("jobs");
            usage.jobs().forEach(jobs::add);
            entry.put("lastUsed", usage.lastUsed().toString());
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The exception usage could not be written as JSON", e);
        }
    }

    /**
     * Reads a ledger written by {@link #toJson()}.
     *
     * @throws IOException naming what is wrong, when the text is not such a ledger
     */
    public static ExceptionUsage fromJson(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IOException("it is not a " + SCHEMA + " document");
        }
        ExceptionUsage usage = new ExceptionUsage();
        for (Map.Entry<String, JsonNode> entry : root.path("exceptions").properties()) {
            JsonNode node = entry.getValue();
            List<String> jobs = new ArrayList<>();
            node.path("jobs").forEach(job -> jobs.add(job.asText()));
            try {
                usage.byId.put(
                        entry.getKey(),
                        new Usage(
                                node.path("builds").asInt(),
                                jobs,
                                Instant.parse(node.path("lastUsed").asText())));
            } catch (DateTimeParseException e) {
                throw new IOException("exception " + entry.getKey() + " has no valid lastUsed time", e);
            }
        }
        return usage;
    }

    /** Writes the ledger to a file through a temporary file beside it, so that a crash never leaves half a file. */
    public void writeTo(Path file) throws IOException {
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the ledger kept in a file; a missing file is an empty ledger.
     *
     * @throws IOException when the file cannot be read or is not a ledger
     */
    public static ExceptionUsage readFrom(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ExceptionUsage();
        }
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }
}
