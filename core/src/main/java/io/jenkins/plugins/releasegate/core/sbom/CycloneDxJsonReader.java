package io.jenkins.plugins.releasegate.core.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/** Reads a CycloneDX JSON document: parses it once into a tree, validates that tree, and takes what binding needs. */
final class CycloneDxJsonReader {

    private static final int MESSAGES_SHOWN = 3;

    // A key given twice would let two readers of one SBOM see different components, so it is an error.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(CycloneDxVerifier.MAX_NESTING)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    SbomDocument read(InputStream in, String name) throws EvidenceRejection, IOException {
        JsonNode root = parse(in, name);
        if (!root.isObject()) {
            throw new EvidenceRejection(
                    Code.SBOM_UNKNOWN_FORMAT,
                    name + " holds a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                            + " rather than an object, so it is no CycloneDX SBOM and the SBOM check fails.");
        }
        requireCycloneDx(root.get("bomFormat"), name);
        CycloneDxVersion version = version(root.get("specVersion"), name);
        validate(root, version, name);
        return new SbomDocument(
                version, "JSON", text(root.get("serialNumber")), countComponents(root), described(root), listed(root));
    }

    private static JsonNode parse(InputStream in, String name) throws EvidenceRejection, IOException {
        try {
            JsonNode root = MAPPER.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new EvidenceRejection(Code.SBOM_MALFORMED, name + " is empty, so the SBOM check fails.");
            }
            return root;
        } catch (StreamConstraintsException e) {
            // Nesting deeper than any SBOM needs, or a string or number longer than any SBOM needs.
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " goes beyond what the gate reads of a JSON document ("
                            + DetailText.message(e.getOriginalMessage()) + "), so it was not validated and the SBOM"
                            + " check fails.");
        } catch (JsonProcessingException e) {
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED,
                    name + " is not valid JSON (" + where(e.getLocation()) + ": "
                            + DetailText.message(e.getOriginalMessage()) + "), so the SBOM check fails.");
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "position unknown";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static void requireCycloneDx(JsonNode bomFormat, String name) throws EvidenceRejection {
        if (bomFormat == null) {
            throw new EvidenceRejection(
                    Code.SBOM_UNKNOWN_FORMAT,
                    name + " states no bomFormat, so it is not read as a CycloneDX SBOM and the SBOM check fails.");
        }
        if (!"CycloneDX".equals(bomFormat.textValue())) {
            throw new EvidenceRejection(
                    Code.SBOM_UNKNOWN_FORMAT,
                    name + " states bomFormat " + DetailText.quoted(bomFormat.asText(bomFormat.toString()))
                            + " rather than \"CycloneDX\", so it is not read as a CycloneDX SBOM and the SBOM check"
                            + " fails.");
        }
    }

    private static CycloneDxVersion version(JsonNode specVersion, String name) throws EvidenceRejection {
        if (specVersion == null) {
            throw new EvidenceRejection(
                    Code.SBOM_UNSUPPORTED_VERSION,
                    name + " states no specVersion, and the gate validates CycloneDX " + CycloneDxVersion.SUPPORTED
                            + " only, so the SBOM check fails.");
        }
        if (!specVersion.isTextual()) {
            throw new EvidenceRejection(
                    Code.SBOM_SCHEMA_INVALID,
                    name + " states specVersion as " + DetailText.message(specVersion.toString())
                            + ", but CycloneDX requires it as text such as \"1.6\", so the SBOM check fails.");
        }
        String stated = specVersion.textValue();
        return CycloneDxVersion.of(stated)
                .orElseThrow(() -> new EvidenceRejection(
                        Code.SBOM_UNSUPPORTED_VERSION,
                        name + " states specVersion " + DetailText.quoted(stated) + ", but the gate validates"
                                + " CycloneDX " + CycloneDxVersion.SUPPORTED + " only, so the SBOM check fails."));
    }

    private static void validate(JsonNode root, CycloneDxVersion version, String name) throws EvidenceRejection {
        List<Error> errors = CycloneDxSchemas.json(version).validate(root);
        if (errors.isEmpty()) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (Error error : errors.subList(0, Math.min(MESSAGES_SHOWN, errors.size()))) {
            String pointer = String.valueOf(error.getInstanceLocation());
            shown.add((pointer.isEmpty() ? "/" : pointer) + ": " + DetailText.message(error.getMessage()));
        }
        String more = errors.size() > MESSAGES_SHOWN ? "; and " + (errors.size() - MESSAGES_SHOWN) + " more" : "";
        throw new EvidenceRejection(
                Code.SBOM_SCHEMA_INVALID,
                name + " does not follow the CycloneDX " + version.text() + " JSON schema, so the SBOM check fails: "
                        + String.join("; ", shown) + more + ".");
    }

    private static long countComponents(JsonNode root) {
        long count = 0;
        Deque<JsonNode> lists = new ArrayDeque<>();
        lists.push(root.path("components"));
        while (!lists.isEmpty()) {
            JsonNode list = lists.pop();
            for (JsonNode component : list) {
                count++;
                lists.push(component.path("components"));
            }
        }
        return count;
    }

    private static DescribedComponent described(JsonNode root) {
        JsonNode component = root.path("metadata").path("component");
        return component.isObject() ? component(component) : null;
    }

    /** Every component with hashes: the described one, then the listed ones, nested ones included, breadth first. */
    private static List<DescribedComponent> listed(JsonNode root) {
        List<DescribedComponent> listed = new ArrayList<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        JsonNode described = root.path("metadata").path("component");
        if (described.isObject()) {
            pending.add(described);
        }
        root.path("components").forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode component = pending.pop();
            if (!component.path("hashes").isEmpty()) {
                listed.add(component(component));
            }
            component.path("components").forEach(pending::add);
        }
        return listed;
    }

    private static DescribedComponent component(JsonNode component) {
        List<StatedDigest> digests = new ArrayList<>();
        for (JsonNode hash : component.path("hashes")) {
            digests.add(new StatedDigest(text(hash.get("alg")), text(hash.get("content"))));
        }
        return new DescribedComponent(text(component.get("name")), text(component.get("version")), digests);
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.textValue();
    }
}
