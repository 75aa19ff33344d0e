package io.jenkins.plugins.releasegate.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The global policy in Configuration as Code, as the plugin binds it: every field a data-bound property, set and read
 * by name as the configuration-as-code plugin does, and the README's snippet a policy the engine reads.
 */
class ConfigurationAsCodeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SNIPPET = Pattern.compile("```yaml\n(unclassified:\n.*?)```", Pattern.DOTALL);
    private static final Pattern PEM =
            Pattern.compile("( *)-----BEGIN CERTIFICATE-----\n.*?-----END CERTIFICATE-----", Pattern.DOTALL);

    @Test
    void theReadmeSnippetImportsAsAPolicyTheEngineReads() throws Exception {
        ReleaseGateConfiguration configuration = imported(readmeSnippet());

        Policy policy = configuration.policy();

        assertThat(policy.audit()).isFalse();
        assertThat(policy.artifacts().include()).containsExactly("**/*.jar", "**/*.war");
        assertThat(policy.scan().failOn().id()).isEqualTo("high");
        assertThat(policy.scan().maxAge()).isPresent();
        assertThat(policy.signature().trust().certificates()).hasSize(1);
        assertThat(policy.exceptions()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("EX-7");
            assertThat(rule.artifact()).isEqualTo("legacy-*.jar");
            assertThat(rule.ticket()).isEqualTo("SEC-1234");
        });
        assertThat(configuration.getPkcs11Module()).isEqualTo("/usr/lib/softhsm/libsofthsm2.so");
        assertThat(configuration.isMandatoryGating()).isTrue();
    }

    @Test
    void whatThePageExportsImportsUnchangedAndReadsAsAPolicyFile() throws Exception {
        ReleaseGateConfiguration original = imported(readmeSnippet());

        ReleaseGateConfiguration copy = imported(exported(original));

        assertThat(copy.settings()).isEqualTo(original.settings());
        assertThat(copy.isMandatoryGating()).isEqualTo(original.isMandatoryGating());
        assertThat(copy.getPkcs11Module()).isEqualTo(original.getPkcs11Module());
        String policyFile = PolicyWriter.toYaml(original.policy());
        Policy checked = PolicyReader.read("exported.yaml", policyFile.getBytes(StandardCharsets.UTF_8), false, ROOT);
        assertThat(checked).isEqualTo(original.policy());
    }

    @Test
    void everyPolicyFieldIsADataBoundPropertyAndTheReadmeShowsEachOne() throws Exception {
        String snippet = readmeSnippet();
        List<String> properties = properties(ReleaseGateConfiguration.class);

        for (RecordComponent component : PolicySettings.class.getRecordComponents()) {
            assertThat(properties).as("a property for %s", component.getName()).contains(component.getName());
        }
        for (String property : properties) {
            assertThat(snippet).as("the README's snippet shows %s", property).contains("    " + property + ":");
        }
    }

    /** The README's snippet, with its placeholder certificate replaced by the example CA. */
    private static String readmeSnippet() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher snippet = SNIPPET.matcher(readme);
        assertThat(snippet.find())
                .as("a Configuration as Code snippet in README.md")
                .isTrue();
        String ca = Files.readString(ROOT.resolve("examples/trust/example-ca.pem"), StandardCharsets.UTF_8)
                .strip();
        Matcher pem = PEM.matcher(snippet.group(1));
        assertThat(pem.find()).isTrue();
        String indent = pem.group(1);
        String indented = indent + ca.replace("\n", "\n" + indent);
        return snippet.group(1).substring(0, pem.start())
                + indented
                + snippet.group(1).substring(pem.end());
    }

    /** Binds a YAML section as the configuration-as-code plugin does: each key through its data-bound setter. */
    @SuppressWarnings("unchecked")
    private static ReleaseGateConfiguration imported(String yaml) throws Exception {
        Map<String, Object> root = YAML.readValue(yaml, Map.class);
        Map<String, Object> section =
                (Map<String, Object>) ((Map<String, Object>) root.get("unclassified")).get("releaseGate");
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        for (Map.Entry<String, Object> entry : section.entrySet()) {
            Object value = entry.getKey().equals("exceptions")
                    ? exceptions((List<Map<String, Object>>) entry.getValue())
                    : entry.getValue();
            setter(ReleaseGateConfiguration.class, entry.getKey()).invoke(configuration, value);
        }
        return configuration;
    }

    private static List<ExceptionEntry> exceptions(List<Map<String, Object>> rows) throws Exception {
        Constructor<?> constructor = Arrays.stream(ExceptionEntry.class.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class))
                .findFirst()
                .orElseThrow();
        List<ExceptionEntry> entries = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> left = new LinkedHashMap<>(row);
            Object[] arguments = new Object[constructor.getParameterCount()];
            Parameter[] parameters = constructor.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                arguments[i] = String.valueOf(left.remove(parameters[i].getName()));
            }
            ExceptionEntry entry = (ExceptionEntry) constructor.newInstance(arguments);
            for (Map.Entry<String, Object> rest : left.entrySet()) {
                setter(ExceptionEntry.class, rest.getKey()).invoke(entry, String.valueOf(rest.getValue()));
            }
            entries.add(entry);
        }
        return entries;
    }

    /** Writes the section as the configuration-as-code plugin exports it: every data-bound property's value. */
    private static String exported(ReleaseGateConfiguration configuration) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>();
        for (String property : properties(ReleaseGateConfiguration.class)) {
            Object value = getter(ReleaseGateConfiguration.class, property).invoke(configuration);
            if (property.equals("exceptions")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ExceptionEntry entry : configuration.getExceptions()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String field : List.of("id", "waive", "reason", "owner", "expires", "artifact", "ticket")) {
                        row.put(field, getter(ExceptionEntry.class, field).invoke(entry));
                    }
                    rows.add(row);
                }
                value = rows;
            }
            section.put(property, value);
        }
        return YAML.writeValueAsString(Map.of("unclassified", Map.of("releaseGate", section)));
    }

    private static List<String> properties(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.isAnnotationPresent(DataBoundSetter.class))
                .map(method -> decapitalized(method.getName().substring(3)))
                .sorted()
                .toList();
    }

    private static Method setter(Class<?> type, String property) {
        return Arrays.stream(type.getMethods())
                .filter(method -> method.isAnnotationPresent(DataBoundSetter.class))
                .filter(method -> method.getName().equals("set" + capitalized(property)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no data-bound " + property));
    }

    private static Method getter(Class<?> type, String property) throws NoSuchMethodException {
        try {
            return type.getMethod("get" + capitalized(property));
        } catch (NoSuchMethodException e) {
            return type.getMethod("is" + capitalized(property));
        }
    }

    private static String capitalized(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private static String decapitalized(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
}
