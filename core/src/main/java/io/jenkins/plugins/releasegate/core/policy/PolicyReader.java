package io.jenkins.plugins.releasegate.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.releasegate.core.policy.PolicyTree.Entry;
import io.jenkins.plugins.releasegate.core.policy.PolicyTree.ListNode;
import io.jenkins.plugins.releasegate.core.policy.PolicyTree.MapNode;
import io.jenkins.plugins.releasegate.core.policy.PolicyTree.Node;
import io.jenkins.plugins.releasegate.core.policy.PolicyTree.ScalarNode;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a policy file (version 1, YAML or JSON) into the effective {@link Policy}. Every key has a default; an unknown
 * key, a value of the wrong kind or an incomplete exception is a problem, and all problems of a file are reported at
 * once, each with its key and line.
 */
public final class PolicyReader {

    /** A policy is a small file; a larger one is refused before parsing. */
    static final long MAX_POLICY_BYTES = 1L << 20;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhm])");
    private static final Pattern EXCEPTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(64 * 1024)
            .build();

    private PolicyReader() {}

    /** Reads a policy file; trust anchor paths in it are resolved against the file's folder. */
    public static Policy read(Path file) throws InvalidPolicyException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_POLICY_BYTES) {
                throw new InvalidPolicyException(
                        source, new PolicyProblem("(file)", 0, "is larger than " + (MAX_POLICY_BYTES >> 10) + " KiB"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidPolicyException(source, new PolicyProblem("(file)", 0, "does not exist"));
        } catch (IOException e) {
            throw new InvalidPolicyException(source, new PolicyProblem("(file)", 0, "cannot be read: " + e));
        }
        Path folder = file.toAbsolutePath().getParent();
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return read(source, bytes, json, folder);
    }

    /**
     * Reads a policy from bytes.
     *
     * @param source what to call the policy in messages, for example its file name
     * @param json whether it is JSON; otherwise it is YAML (of which JSON is a subset)
     * @param baseFolder the folder trust anchor paths are relative to
     */
    public static Policy read(String source, byte[] bytes, boolean json, Path baseFolder)
            throws InvalidPolicyException {
        List<PolicyProblem> problems = new ArrayList<>();
        Node root;
        try (JsonParser parser = parser(json, bytes)) {
            root = PolicyTree.read(parser, problems);
        } catch (JsonParseException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidPolicyException(
                    source,
                    new PolicyProblem(
                            "(syntax)",
                            line,
                            "is not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new InvalidPolicyException(
                    source,
                    new PolicyProblem(
                            "(syntax)", 0, "is not valid " + (json ? "JSON" : "YAML") + ": " + e.getMessage()));
        }
        Policy policy = new Interpreter(problems, baseFolder).policy(root);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(source, problems);
        }
        return policy;
    }

    /**
     * A value from the policy, quoted and cut short, so that a hostile policy cannot turn its own problem report
     * into megabytes of console output.
     */
    static String quoted(String value) {
        return "\"" + excerpt(value) + "\"";
    }

    static String excerpt(String value) {
        int shown = 80;
        if (value.length() <= shown) {
            return value;
        }
        return value.substring(0, shown) + "... (" + value.length() + " characters)";
    }

    private static JsonParser parser(boolean json, byte[] bytes) throws IOException {
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        factory.setStreamReadConstraints(CONSTRAINTS);
        return factory.createParser(bytes);
    }

    /** Walks the tree, applies defaults and collects problems. */
    private static final class Interpreter {

        private final List<PolicyProblem> problems;
        private final Path baseFolder;

        Interpreter(List<PolicyProblem> problems, Path baseFolder) {
            this.problems = problems;
            this.baseFolder = baseFolder;
        }

        Policy policy(Node root) {
            Policy defaults = Policy.defaults();
            Section top = section("", root);
            if (top == null) {
                return defaults;
            }
            top.allow("version", "mode", "artifacts", "signature", "sbom", "scan", "exceptions");
            top.optional("version").ifPresent(this::version);
            Mode mode =
                    top.optional("mode").map(n -> word(n, "mode", Mode.class)).orElse(defaults.mode());
            ArtifactPatterns artifacts = top.optional("artifacts")
                    .map(n -> artifacts(section("artifacts", n)))
                    .orElse(defaults.artifacts());
            SignaturePolicy signature = top.optional("signature")
                    .map(n -> signature(section("signature", n)))
                    .orElse(defaults.signature());
            SbomPolicy sbom =
                    top.optional("sbom").map(n -> sbom(section("sbom", n))).orElse(defaults.sbom());
            ScanPolicy scan =
                    top.optional("scan").map(n -> scan(section("scan", n))).orElse(defaults.scan());
            List<PolicyExceptionRule> exceptions =
                    top.optional("exceptions").map(this::exceptions).orElse(List.of());
            return new Policy(mode, artifacts, signature, sbom, scan, exceptions);
        }

        private void version(Node node) {
            if (!(node instanceof ScalarNode scalar)
                    || !String.valueOf(Policy.VERSION).equals(scalar.text())) {
                problem("version", node, "must be " + Policy.VERSION + ", the only policy version there is");
            }
        }

        private ArtifactPatterns artifacts(Section section) {
            ArtifactPatterns defaults = ArtifactPatterns.defaults();
            if (section == null) {
                return defaults;
            }
            section.allow("include", "exclude");
            List<String> include = section.optional("include")
                    .map(n -> patterns(n, "artifacts.include"))
                    .orElse(defaults.include());
            List<String> exclude = section.optional("exclude")
                    .map(n -> patterns(n, "artifacts.exclude"))
                    .orElse(defaults.exclude());
            if (include.isEmpty()) {
                problem("artifacts.include", section.node, "is empty, so a folder would hold no artifacts");
            }
            return new ArtifactPatterns(include, exclude);
        }

        private SignaturePolicy signature(Section section) {
            SignaturePolicy defaults = SignaturePolicy.defaults();
            if (section == null) {
                return defaults;
            }
            section.allow("required", "formats", "trust", "codeSigning", "signers", "evidence");
            boolean required = section.optional("required")
                    .map(n -> bool(n, "signature.required"))
                    .orElse(defaults.required());
            Set<SignatureFormat> formats = section.optional("formats")
                    .map(n -> words(n, "signature.formats", SignatureFormat.class))
                    .orElse(defaults.formats());
            TrustSources trust = section.optional("trust")
                    .map(n -> trust(section("signature.trust", n)))
                    .orElse(defaults.trust());
            boolean codeSigning = section.optional("codeSigning")
                    .map(n -> bool(n, "signature.codeSigning"))
                    .orElse(defaults.codeSigning());
            Signers signers = section.optional("signers")
                    .map(n -> word(n, "signature.signers", Signers.class))
                    .orElse(defaults.signers());
            List<String> evidence = section.optional("evidence")
                    .map(n -> evidencePatterns(n, "signature.evidence"))
                    .orElse(defaults.evidence());
            requireFormats(required, formats, "signature", section.node);
            return new SignaturePolicy(
                    required, formats, trust, codeSigning, signers == null ? defaults.signers() : signers, evidence);
        }

        private TrustSources trust(Section section) {
            if (section == null) {
                return TrustSources.none();
            }
            section.allow("certificates", "openpgpKeys", "publicKeys");
            return new TrustSources(
                    anchors(section, "certificates", "certificate"),
                    anchors(section, "openpgpKeys", "OpenPGP key"),
                    anchors(section, "publicKeys", "public key"));
        }

        /**
         * The trust anchors under one key: a path relative to the policy's folder, or the PEM or armored text itself,
         * which must hold its header and footer.
         */
        private List<TrustAnchor> anchors(Section section, String key, String kind) {
            String name = "signature.trust." + key;
            Optional<Node> node = section.optional(key);
            if (node.isEmpty()) {
                return List.of();
            }
            List<String> values = strings(node.get(), name);
            List<TrustAnchor> anchors = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                if (TrustAnchor.isInlineText(value)) {
                    if (!value.contains("-----END ")) {
                        problem(name, node.get(), "entry " + (i + 1) + " starts a PEM block but has no -----END line");
                    }
                    anchors.add(TrustAnchor.inline(kind + " " + (i + 1) + " of the policy", value));
                } else {
                    anchors.add(TrustAnchor.file(baseFolder.resolve(value).normalize()));
                }
            }
            return anchors;
        }

        private SbomPolicy sbom(Section section) {
            SbomPolicy defaults = SbomPolicy.defaults();
            if (section == null) {
                return defaults;
            }
            section.allow("required", "formats", "binding", "evidence");
            boolean required = section.optional("required")
                    .map(n -> bool(n, "sbom.required"))
                    .orElse(defaults.required());
            Set<SbomFormat> formats = section.optional("formats")
                    .map(n -> words(n, "sbom.formats", SbomFormat.class))
                    .orElse(defaults.formats());
            Binding binding = section.optional("binding")
                    .map(n -> word(n, "sbom.binding", Binding.class))
                    .orElse(defaults.binding());
            List<String> evidence = section.optional("evidence")
                    .map(n -> evidencePatterns(n, "sbom.evidence"))
                    .orElse(defaults.evidence());
            requireFormats(required, formats, "sbom", section.node);
            return new SbomPolicy(required, formats, binding, evidence);
        }

        private ScanPolicy scan(Section section) {
            ScanPolicy defaults = ScanPolicy.defaults();
            if (section == null) {
                return defaults;
            }
            section.allow("required", "formats", "failOn", "maxAge", "evidence", "requiredKinds", "toolKinds");
            boolean required = section.optional("required")
                    .map(n -> bool(n, "scan.required"))
                    .orElse(defaults.required());
            Set<ScanFormat> formats = section.optional("formats")
                    .map(n -> words(n, "scan.formats", ScanFormat.class))
                    .orElse(defaults.formats());
            Severity failOn = section.optional("failOn").map(this::severity).orElse(defaults.failOn());
            Optional<Duration> maxAge = section.optional("maxAge").flatMap(this::duration);
            List<String> evidence = section.optional("evidence")
                    .map(n -> evidencePatterns(n, "scan.evidence"))
                    .orElse(defaults.evidence());
            Set<ScanKind> requiredKinds = section.optional("requiredKinds")
                    .map(n -> words(n, "scan.requiredKinds", ScanKind.class))
                    .orElse(defaults.requiredKinds());
            Map<String, ScanKind> toolKinds =
                    section.optional("toolKinds").map(this::toolKinds).orElse(defaults.toolKinds());
            requireFormats(required, formats, "scan", section.node);
            return new ScanPolicy(required, formats, failOn, maxAge, evidence, requiredKinds, toolKinds);
        }

        private Map<String, ScanKind> toolKinds(Node node) {
            Section section = section("scan.toolKinds", node);
            if (section == null) {
                return Map.of();
            }
            Map<String, ScanKind> kinds = new java.util.LinkedHashMap<>();
            for (Entry entry : section.node.entries().values()) {
                ScanKind kind = word(entry.value(), "scan.toolKinds." + entry.key(), ScanKind.class);
                if (kind != null) {
                    kinds.put(entry.key(), kind);
                }
            }
            return kinds;
        }

        private List<PolicyExceptionRule> exceptions(Node node) {
            if (!(node instanceof ListNode list)) {
                if (!isNull(node)) {
                    problem("exceptions", node, "must be a list of exceptions, not " + node.kind());
                }
                return List.of();
            }
            List<PolicyExceptionRule> rules = new ArrayList<>();
            Map<String, Integer> idLines = new HashMap<>();
            for (int i = 0; i < list.items().size(); i++) {
                String key = "exceptions[" + i + "]";
                Section section = section(key, list.items().get(i));
                if (section == null) {
                    continue;
                }
                PolicyExceptionRule rule = exception(key, section);
                if (rule == null) {
                    continue;
                }
                Integer earlier = idLines.putIfAbsent(rule.id(), section.node.line());
                if (earlier != null) {
                    problem(
                            key + ".id",
                            section.node,
                            "repeats the id " + rule.id() + " of the exception on line " + earlier
                                    + "; ids must be unique");
                }
                rules.add(rule);
            }
            return rules;
        }

        private PolicyExceptionRule exception(String key, Section section) {
            section.allow("id", "artifact", "waive", "reason", "owner", "ticket", "expires");
            String id = section.required("id").map(n -> text(n, key + ".id")).orElse(null);
            String waive =
                    section.required("waive").map(n -> waive(n, key + ".waive")).orElse(null);
            String reason = section.required("reason")
                    .map(n -> text(n, key + ".reason"))
                    .orElse(null);
            String owner =
                    section.required("owner").map(n -> text(n, key + ".owner")).orElse(null);
            LocalDate expires = section.required("expires")
                    .map(n -> date(n, key + ".expires"))
                    .orElse(null);
            String ticket = section.optional("ticket")
                    .map(n -> text(n, key + ".ticket"))
                    .orElse(null);
            String artifact = section.optional("artifact")
                    .map(n -> text(n, key + ".artifact"))
                    .orElse("**");
            if (id != null && !EXCEPTION_ID.matcher(id).matches()) {
                problem(
                        key + ".id",
                        section.node,
                        quoted(id) + " is not a usable id: use letters, digits and . _ : -" + " (at most 64)");
                id = null;
            }
            if (id == null || waive == null || reason == null || owner == null || expires == null) {
                return null;
            }
            return new PolicyExceptionRule(id, artifact, waive, reason, owner, ticket, expires);
        }

        private String waive(Node node, String key) {
            String value = text(node, key);
            if (value == null) {
                return null;
            }
            for (Check check : Check.values()) {
                if (check.id().equals(value)) {
                    return value;
                }
            }
            if (value.startsWith(PolicyExceptionRule.FINDING_PREFIX)
                    && !value.substring(PolicyExceptionRule.FINDING_PREFIX.length())
                            .isBlank()) {
                return value;
            }
            problem(key, node, "must be signature, sbom, scan or finding:<rule or CVE id>, not \"" + value + "\"");
            return null;
        }

        private LocalDate date(Node node, String key) {
            String value = text(node, key);
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                problem(key, node, "must be a date like 2027-01-31, not \"" + value + "\"");
                return null;
            }
        }

        private Severity severity(Node node) {
            String value = text(node, "scan.failOn");
            Optional<Severity> severity = Severity.parse(value);
            if (value != null && severity.isEmpty()) {
                problem("scan.failOn", node, "must be critical, high, medium, low or none, not \"" + value + "\"");
            }
            return severity.orElse(ScanPolicy.defaults().failOn());
        }

        private Optional<Duration> duration(Node node) {
            if (isNull(node)) {
                return Optional.empty();
            }
            String value = text(node, "scan.maxAge");
            if (value == null) {
                return Optional.empty();
            }
            Matcher matcher = DURATION.matcher(value.trim());
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
                problem("scan.maxAge", node, "must be a positive age like 7d, 12h or 30m, not \"" + value + "\"");
                return Optional.empty();
            }
            long amount = Long.parseLong(matcher.group(1));
            return Optional.of(
                    switch (matcher.group(2)) {
                        case "d" -> Duration.ofDays(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofMinutes(amount);
                    });
        }

        private void requireFormats(boolean required, Set<?> formats, String section, Node node) {
            if (required && formats.isEmpty()) {
                problem(
                        section + ".formats",
                        node,
                        "is empty while " + section + " is required, so no artifact could pass");
            }
        }

        private List<String> patterns(Node node, String key) {
            List<String> patterns = strings(node, key);
            for (String pattern : patterns) {
                if (pattern.isBlank()
                        || pattern.startsWith("/")
                        || Arrays.asList(pattern.split("/")).contains("..")) {
                    problem(key, node, quoted(pattern) + " must be a pattern relative to the folder being gated");
                }
            }
            return patterns;
        }

        private List<String> evidencePatterns(Node node, String key) {
            List<String> patterns = patterns(node, key);
            for (String pattern : patterns) {
                if (!pattern.contains("{artifact}")) {
                    problem(
                            key,
                            node,
                            quoted(pattern) + " must contain {artifact}, which stands for the artifact's"
                                    + " file name");
                }
            }
            return patterns;
        }

        private <E extends Enum<E> & PolicyWord> Set<E> words(Node node, String key, Class<E> type) {
            Set<E> values = EnumSet.noneOf(type);
            List<Node> items = node instanceof ListNode list ? list.items() : List.of(node);
            for (Node item : items) {
                E value = word(item, key, type);
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        }

        private <E extends Enum<E> & PolicyWord> E word(Node node, String key, Class<E> type) {
            String value = text(node, key);
            if (value == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.word().equals(value)) {
                    return constant;
                }
            }
            String allowed =
                    Arrays.stream(type.getEnumConstants()).map(PolicyWord::word).collect(Collectors.joining(", "));
            problem(key, node, "must be one of " + allowed + ", not " + quoted(value));
            return null;
        }

        private boolean bool(Node node, String key) {
            if (node instanceof ScalarNode scalar && scalar.token().isBoolean()) {
                return Boolean.parseBoolean(scalar.text());
            }
            problem(key, node, "must be true or false, not " + describe(node));
            return true;
        }

        private List<String> strings(Node node, String key) {
            if (node instanceof ListNode list) {
                List<String> values = new ArrayList<>();
                for (Node item : list.items()) {
                    String value = text(item, key);
                    if (value != null) {
                        values.add(value);
                    }
                }
                return values;
            }
            if (isNull(node)) {
                return List.of();
            }
            problem(key, node, "must be a list, not " + describe(node));
            return List.of();
        }

        /** A non-blank scalar as text; numbers are accepted as text so that ids like 1234 work. */
        private String text(Node node, String key) {
            if (node instanceof ScalarNode scalar
                    && !scalar.isNull()
                    && !scalar.token().isBoolean()
                    && !scalar.text().isBlank()) {
                return scalar.text().trim();
            }
            problem(key, node, "must be a non-empty text, not " + describe(node));
            return null;
        }

        private Section section(String key, Node node) {
            if (node instanceof MapNode map) {
                return new Section(key, map);
            }
            if (!isNull(node)) {
                problem(key.isEmpty() ? "(document)" : key, node, "must be a map of keys, not " + node.kind());
            }
            return null;
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode scalar && scalar.isNull();
        }

        private static String describe(Node node) {
            if (node instanceof ScalarNode scalar && !scalar.isNull()) {
                return scalar.kind() + " " + quoted(scalar.text());
            }
            return node.kind();
        }

        private void problem(String key, Node node, String message) {
            problems.add(new PolicyProblem(key, node.line(), message));
        }

        /** A map in the policy whose keys are checked against the ones allowed there. */
        private final class Section {

            private final String path;
            private final MapNode node;

            Section(String path, MapNode node) {
                this.path = path;
                this.node = node;
            }

            void allow(String... keys) {
                List<String> allowed = List.of(keys);
                for (Entry entry : node.entries().values()) {
                    if (!allowed.contains(entry.key())) {
                        problems.add(new PolicyProblem(
                                excerpt(qualify(entry.key())),
                                entry.line(),
                                "is not a policy key here; the keys allowed are " + String.join(", ", allowed)));
                    }
                }
            }

            Optional<Node> optional(String key) {
                Entry entry = node.entries().get(key);
                return entry == null ? Optional.empty() : Optional.of(entry.value());
            }

            Optional<Node> required(String key) {
                Optional<Node> value = optional(key);
                if (value.isEmpty() || isNull(value.get())) {
                    problems.add(new PolicyProblem(qualify(key), node.line(), "is required but missing"));
                    return Optional.empty();
                }
                return value;
            }

            private String qualify(String key) {
                return path.isEmpty() ? key : path + "." + key;
            }
        }
    }
}
