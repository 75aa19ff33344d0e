package io.jenkins.plugins.releasegate.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The policy as a form holds it: the fields of the Jenkins global policy page and of its Configuration as Code
 * section, flat and all text or yes/no. It means what the same values in a policy file mean, because it becomes a
 * {@link Policy} only through {@link PolicyReader}: every value is checked by the reader's own rules, and each problem
 * is named by the field that holds it.
 *
 * @param mode {@code enforce} or {@code audit}
 * @param include artifact patterns, one per line
 * @param exclude patterns of files that are never artifacts, one per line
 * @param signatureFormats accepted signature formats, separated by commas or spaces
 * @param certificates PEM certificates: CAs or pinned signers, any number of blocks
 * @param openpgpKeys ASCII-armored OpenPGP public keys, any number of blocks
 * @param publicKeys PEM public keys, as {@code cosign} writes them
 * @param signers {@code all} or {@code any}: which signers of a signature with several must be trusted; blank for
 *     the default, {@code all}
 * @param sbomFormats accepted SBOM formats
 * @param sbomBinding {@code name} or {@code digest}
 * @param scanFormats accepted scan formats
 * @param failOn the severity at and above which a finding fails
 * @param maxAge how old a scan may be, for example {@code 7d}; blank for no limit
 * @param requiredKinds the kinds of scan every artifact needs, separated by commas or spaces
 * @param exceptions the exceptions granted
 */
public record PolicySettings(
        String mode,
        String include,
        String exclude,
        boolean signatureRequired,
        String signatureFormats,
        String certificates,
        String openpgpKeys,
        String publicKeys,
        boolean codeSigning,
        String signers,
        boolean sbomRequired,
        String sbomFormats,
        String sbomBinding,
        boolean scanRequired,
        String scanFormats,
        String failOn,
        String maxAge,
        String requiredKinds,
        List<ExceptionSettings> exceptions) {

    /** What the policy is called in messages. */
    public static final String SOURCE = "The Release Gate global policy";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \\1-----", Pattern.DOTALL);
    private static final Pattern EXCEPTION_KEY = Pattern.compile("exceptions\\[(\\d+)](?:\\.(\\w+))?");
    private static final Map<String, String> FIELD_BY_KEY = Map.ofEntries(
            Map.entry("mode", "mode"),
            Map.entry("artifacts.include", "include"),
            Map.entry("artifacts.exclude", "exclude"),
            Map.entry("signature.required", "signatureRequired"),
            Map.entry("signature.formats", "signatureFormats"),
            Map.entry("signature.trust.certificates", "certificates"),
            Map.entry("signature.trust.openpgpKeys", "openpgpKeys"),
            Map.entry("signature.trust.publicKeys", "publicKeys"),
            Map.entry("signature.codeSigning", "codeSigning"),
            Map.entry("signature.signers", "signers"),
            Map.entry("sbom.required", "sbomRequired"),
            Map.entry("sbom.formats", "sbomFormats"),
            Map.entry("sbom.binding", "sbomBinding"),
            Map.entry("scan.required", "scanRequired"),
            Map.entry("scan.formats", "scanFormats"),
            Map.entry("scan.failOn", "failOn"),
            Map.entry("scan.maxAge", "maxAge"),
            Map.entry("scan.requiredKinds", "requiredKinds"));

    public PolicySettings {
        exceptions = List.copyOf(exceptions);
    }

    /** These settings with other trust anchors, each a text of PEM or armored blocks. */
    public PolicySettings withTrustAnchors(String certificates, String openpgpKeys, String publicKeys) {
        return new PolicySettings(
                mode,
                include,
                exclude,
                signatureRequired,
                signatureFormats,
                certificates,
                openpgpKeys,
                publicKeys,
                codeSigning,
                signers,
                sbomRequired,
                sbomFormats,
                sbomBinding,
                scanRequired,
                scanFormats,
                failOn,
                maxAge,
                requiredKinds,
                exceptions);
    }

    /** These settings with other exceptions. */
    public PolicySettings withExceptions(List<ExceptionSettings> exceptions) {
        return new PolicySettings(
                mode,
                include,
                exclude,
                signatureRequired,
                signatureFormats,
                certificates,
                openpgpKeys,
                publicKeys,
                codeSigning,
                signers,
                sbomRequired,
                sbomFormats,
                sbomBinding,
                scanRequired,
                scanFormats,
                failOn,
                maxAge,
                requiredKinds,
                exceptions);
    }

    /** The settings of the engine's default policy: every check required, nothing trusted, nothing waived. */
    public static PolicySettings defaults() {
        try {
            return of(Policy.defaults());
        } catch (IOException e) {
            throw new IllegalStateException("The default policy names no file to read", e);
        }
    }

    /**
     * The settings that stand for a policy. Trust anchors in files are read into the text fields, since a form holds
     * the anchors themselves.
     *
     * @throws IOException when a trust anchor file cannot be read
     */
    public static PolicySettings of(Policy policy) throws IOException {
        TrustSources trust = policy.signature().trust();
        return new PolicySettings(
                policy.mode().word(),
                String.join("\n", policy.artifacts().include()),
                String.join("\n", policy.artifacts().exclude()),
                policy.signature().required(),
                words(policy.signature().formats()),
                text(trust.certificates()),
                text(trust.openpgpKeys()),
                text(trust.publicKeys()),
                policy.signature().codeSigning(),
                policy.signature().signers().word(),
                policy.sbom().required(),
                words(policy.sbom().formats()),
                policy.sbom().binding().word(),
                policy.scan().required(),
                words(policy.scan().formats()),
                policy.scan().failOn().id(),
                policy.scan().maxAge().map(PolicyWriter::duration).orElse(""),
                words(policy.scan().requiredKinds()),
                policy.exceptions().stream().map(ExceptionSettings::of).toList());
    }

    /**
     * The policy these settings stand for, checked as {@link PolicyReader} checks a policy file.
     *
     * @throws InvalidPolicyException naming every problem; {@link #field(PolicyProblem)} tells which field holds it
     */
    public Policy toPolicy() throws InvalidPolicyException {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, Object> tree = tree(problems);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(SOURCE, problems);
        }
        return read(tree);
    }

    /** Reads a policy tree as a policy file. No anchor of a form is a file, so no path is resolved anywhere. */
    private static Policy read(Map<String, Object> tree) throws InvalidPolicyException {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The policy settings could not be written as JSON", e);
        }
        return PolicyReader.read(SOURCE, json, true, Path.of("").toAbsolutePath());
    }

    /**
     * The problems of one field's value, judged alone on top of the default policy; for a form's check of one field.
     * Booleans and exceptions cannot be wrong on their own and are not checked here.
     */
    public static List<String> check(String field, String value) {
        String key = FIELD_BY_KEY.entrySet().stream()
                .filter(entry -> entry.getValue().equals(field))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The policy settings have no field " + field));
        String text = Objects.requireNonNullElse(value, "");
        List<PolicyProblem> problems = new ArrayList<>();
        Object converted = switch (field) {
            case "include", "exclude" -> lines(text);
            case "signatureFormats", "sbomFormats", "scanFormats", "requiredKinds" -> list(text);
            case "certificates", "openpgpKeys", "publicKeys" -> blocks(text, key, problems);
            default -> text.strip();
        };
        if ((field.equals("maxAge") || field.equals("signers")) && text.isBlank()) {
            return List.of();
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", Policy.VERSION);
        Map<String, Object> parent = root;
        String[] path = key.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            Map<String, Object> child = new LinkedHashMap<>();
            parent.put(path[i], child);
            parent = child;
        }
        parent.put(path[path.length - 1], converted);
        if (problems.isEmpty()) {
            try {
                read(root);
            } catch (InvalidPolicyException e) {
                problems.addAll(e.problems());
            }
        }
        return problems.stream()
                .filter(problem -> field.equals(field(problem)))
                .map(PolicySettings::describe)
                .toList();
    }

    /**
     * The problems of one field of an exception row, judged alone: the row's other required fields are taken as
     * valid, so that only this field's own problems are named. A blank optional field has none.
     *
     * @param field {@code id}, {@code waive}, {@code artifact}, {@code reason}, {@code owner}, {@code ticket} or
     *     {@code expires}
     */
    public static List<String> checkException(String field, String value) {
        Map<String, String> row = new LinkedHashMap<>(Map.of(
                "id", "EX-0",
                "waive", "signature",
                "artifact", "",
                "reason", "a reason",
                "owner", "owner@example.com",
                "ticket", "",
                "expires", "2099-12-31"));
        if (!row.containsKey(field)) {
            throw new IllegalArgumentException("An exception has no field " + field);
        }
        row.put(field, Objects.requireNonNullElse(value, ""));
        ExceptionSettings exception = new ExceptionSettings(
                row.get("id"),
                row.get("waive"),
                row.get("artifact"),
                row.get("reason"),
                row.get("owner"),
                row.get("ticket"),
                row.get("expires"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", Policy.VERSION);
        root.put("exceptions", List.of(exception.tree()));
        try {
            read(root);
            return List.of();
        } catch (InvalidPolicyException e) {
            String key = "exceptions[0]." + field;
            return e.problems().stream()
                    .filter(problem -> problem.key().equals(key))
                    .map(problem -> capitalized(problem.message()))
                    .toList();
        }
    }

    /** The form field that holds the value a problem is about: a field name, {@code exceptions}, or {@code policy}. */
    public static String field(PolicyProblem problem) {
        String field = FIELD_BY_KEY.get(problem.key());
        if (field != null) {
            return field;
        }
        return EXCEPTION_KEY.matcher(problem.key()).matches() ? "exceptions" : "policy";
    }

    /** A problem as one sentence for a form, without the line of a file the form never had. */
    public static String describe(PolicyProblem problem) {
        Matcher exception = EXCEPTION_KEY.matcher(problem.key());
        if (exception.matches()) {
            int index = Integer.parseInt(exception.group(1));
            String what = exception.group(2) == null ? "" : " " + exception.group(2);
            return "Exception " + (index + 1) + what + " " + problem.message();
        }
        return problem.message().isEmpty() ? problem.key() : capitalized(problem.message());
    }

    /** The policy file's tree for these settings; PEM text that is not made of whole blocks is a problem. */
    private Map<String, Object> tree(List<PolicyProblem> problems) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", Policy.VERSION);
        root.put("mode", mode.strip());
        root.put("artifacts", Map.of("include", lines(include), "exclude", lines(exclude)));

        Map<String, Object> trust = new LinkedHashMap<>();
        trust.put("certificates", blocks(certificates, "signature.trust.certificates", problems));
        trust.put("openpgpKeys", blocks(openpgpKeys, "signature.trust.openpgpKeys", problems));
        trust.put("publicKeys", blocks(publicKeys, "signature.trust.publicKeys", problems));
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("required", signatureRequired);
        signature.put("formats", list(signatureFormats));
        signature.put("trust", trust);
        signature.put("codeSigning", codeSigning);
        if (!signers.isBlank()) {
            signature.put("signers", signers.strip());
        }
        root.put("signature", signature);

        root.put(
                "sbom", Map.of("required", sbomRequired, "formats", list(sbomFormats), "binding", sbomBinding.strip()));

        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("required", scanRequired);
        scan.put("formats", list(scanFormats));
        scan.put("failOn", failOn.strip());
        if (!maxAge.isBlank()) {
            scan.put("maxAge", maxAge.strip());
        }
        scan.put("requiredKinds", list(requiredKinds));
        root.put("scan", scan);

        root.put("exceptions", exceptions.stream().map(ExceptionSettings::tree).toList());
        return root;
    }

    /** Splits a text area into its PEM or armored blocks; anything else in it is a problem. */
    private static List<String> blocks(String text, String key, List<PolicyProblem> problems) {
        List<String> blocks = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(text);
        int end = 0;
        StringBuilder outside = new StringBuilder();
        while (block.find()) {
            outside.append(text, end, block.start());
            blocks.add(block.group() + "\n");
            end = block.end();
        }
        outside.append(text.substring(end));
        if (!outside.toString().isBlank()) {
            problems.add(new PolicyProblem(
                    key,
                    0,
                    "holds text that is not part of a whole PEM block (-----BEGIN ...----- to -----END ...-----)"));
        }
        return blocks;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static List<String> list(String words) {
        return Arrays.stream(words.split("[,\\s]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    private static String words(Collection<? extends PolicyWord> words) {
        return words.stream().map(PolicyWord::word).sorted().collect(Collectors.joining(", "));
    }

    private static String text(List<TrustAnchor> anchors) throws IOException {
        StringBuilder text = new StringBuilder();
        for (TrustAnchor anchor : anchors) {
            String content = new String(anchor.read(TrustAnchor.MAX_BYTES), StandardCharsets.UTF_8).strip();
            text.append(text.length() == 0 ? "" : "\n").append(content).append('\n');
        }
        return text.toString();
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /**
     * One exception as a form row holds it.
     *
     * @param expires the last day it waives, {@code yyyy-mm-dd}
     * @param ticket blank when none
     * @param artifact blank for every artifact
     */
    public record ExceptionSettings(
            String id, String waive, String artifact, String reason, String owner, String ticket, String expires) {

        static ExceptionSettings of(PolicyExceptionRule rule) {
            return new ExceptionSettings(
                    rule.id(),
                    rule.waive(),
                    rule.artifact(),
                    rule.reason(),
                    rule.owner(),
                    Objects.requireNonNullElse(rule.ticket(), ""),
                    rule.expires().toString());
        }

        private Map<String, Object> tree() {
            Map<String, Object> tree = new LinkedHashMap<>();
            put(tree, "id", id);
            put(tree, "artifact", artifact);
            put(tree, "waive", waive);
            put(tree, "reason", reason);
            put(tree, "owner", owner);
            put(tree, "ticket", ticket);
            put(tree, "expires", expires);
            return tree;
        }

        /** A blank value is left out, so that the reader says a required one is missing. */
        private static void put(Map<String, Object> tree, String key, String value) {
            if (value != null && !value.isBlank()) {
                tree.put(key, value.strip());
            }
        }
    }
}
