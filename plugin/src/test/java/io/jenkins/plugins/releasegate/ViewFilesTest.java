package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/** The views and help files Jenkins looks for beside each class, and the escaping of every Jelly view. */
class ViewFilesTest {

    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final String ESCAPE_BY_DEFAULT = "<?jelly escape-by-default='true'?>";
    private static final Pattern OUT_TAG = Pattern.compile("<j:out\\s+value=\"([^\"]*)\"");

    @Test
    void everyStepHasAConfigEntryAndAHelpFileForEachParameter() throws IOException {
        List<Class<?>> steps = PluginClasses.all().stream()
                .filter(Step.class::isAssignableFrom)
                .toList();
        assertThat(steps).isNotEmpty();

        for (Class<?> step : steps) {
            Path folder = RESOURCES.resolve(step.getName().replace('.', '/'));
            String config = Files.readString(folder.resolve("config.jelly"), StandardCharsets.UTF_8);
            assertThat(folder.resolve("help.html"))
                    .as("overall help of %s", step.getSimpleName())
                    .isRegularFile();
            for (String parameter : parameters(step)) {
                assertThat(config)
                        .as("config.jelly of %s", step.getSimpleName())
                        .contains("field=\"" + parameter + "\"");
                Path help = folder.resolve("help-" + parameter + ".html");
                assertThat(help)
                        .as("help for %s of %s", parameter, step.getSimpleName())
                        .isRegularFile();
                assertThat(Files.readString(help, StandardCharsets.UTF_8).strip())
                        .startsWith("<div>")
                        .endsWith("</div>");
            }
        }
    }

    @Test
    void everyJellyViewEscapesByDefaultAndWritesNoRawOutput() throws IOException {
        List<Path> views = jellyFiles();
        assertThat(views).hasSizeGreaterThanOrEqualTo(5);

        for (Path view : views) {
            String text = Files.readString(view, StandardCharsets.UTF_8);
            assertThat(text).as(view.toString()).startsWith(ESCAPE_BY_DEFAULT);
            assertThat(text.substring(ESCAPE_BY_DEFAULT.length()))
                    .as(view.toString())
                    .doesNotContain("escape-by-default")
                    .doesNotContain("htmlTooltip")
                    .doesNotContain("<script")
                    .doesNotContainIgnoringCase("unescaped");
            Matcher out = OUT_TAG.matcher(text);
            while (out.find()) {
                assertThat(out.group(1)).as("j:out in %s", view).startsWith("${h.xmlEscape(");
            }
        }
    }

    @Test
    void everyJellyViewIsWellFormedXmlAndSitsBesideAClass() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        for (Path view : jellyFiles()) {
            DocumentBuilder parser = factory.newDocumentBuilder();
            parser.setErrorHandler(null);
            Element root;
            try {
                root = parser.parse(view.toFile()).getDocumentElement();
            } catch (SAXException e) {
                throw new AssertionError(view + " is not well-formed XML: " + e.getMessage(), e);
            }
            Path folder = RESOURCES.relativize(view.getParent());
            if (folder.toString().isEmpty()) {
                // The plugin's description, which the plugin manager shows: plain markup.
                assertThat(root.getTagName()).as("root of %s", view).isEqualTo("div");
                continue;
            }
            assertThat(root.getNamespaceURI()).as("root of %s", view).isEqualTo("jelly:core");
            assertThat(root.getLocalName()).as("root of %s", view).isEqualTo("jelly");
            String className = folder.toString().replace('/', '.').replace('\\', '.');
            assertThat(classExists(className) || classExists(nested(className)))
                    .as("a class for the views in %s", folder)
                    .isTrue();
        }
    }

    @Test
    void theGlobalPolicyPageHasAnEntryForEveryField() throws IOException {
        String config = Files.readString(
                RESOURCES.resolve("io/jenkins/plugins/releasegate/config/ReleaseGateConfiguration/config.jelly"),
                StandardCharsets.UTF_8);
        for (Method method : io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration.class.getMethods()) {
            if (method.isAnnotationPresent(DataBoundSetter.class)) {
                String property = method.getName().substring(3);
                property = property.substring(0, 1).toLowerCase(Locale.ROOT) + property.substring(1);
                assertThat(config).as("global policy page").contains("field=\"" + property + "\"");
            }
        }
    }

    @Test
    void theBadgeAndReportViewsSitBesideTheAction() {
        Path action = RESOURCES.resolve("io/jenkins/plugins/releasegate/actions/GateReportAction");

        assertThat(action.resolve("badge.jelly")).isRegularFile();
        assertThat(action.resolve("index.jelly")).isRegularFile();
        assertThat(action.resolve("summary.jelly")).isRegularFile();
        assertThat(RESOURCES.resolve("index.jelly")).isRegularFile();
    }

    /** The names Stapler binds: the data-bound constructor's parameters and the data-bound setters' properties. */
    private static List<String> parameters(Class<?> step) {
        List<String> names = new ArrayList<>();
        for (Constructor<?> constructor : step.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter parameter : constructor.getParameters()) {
                    assertThat(parameter.isNamePresent())
                            .as("compiled with -parameters")
                            .isTrue();
                    names.add(parameter.getName());
                }
            }
        }
        for (Method method : step.getMethods()) {
            if (method.isAnnotationPresent(DataBoundSetter.class)
                    && method.getName().startsWith("set")) {
                String property = method.getName().substring(3);
                names.add(property.substring(0, 1).toLowerCase(Locale.ROOT) + property.substring(1));
            }
        }
        assertThat(names).as("parameters of %s", step.getSimpleName()).isNotEmpty();
        return names;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, ViewFilesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** {@code a.b.Outer.Inner} as the binary name {@code a.b.Outer$Inner}. */
    private static String nested(String name) {
        int last = name.lastIndexOf('.');
        return last < 0 ? name : name.substring(0, last) + "$" + name.substring(last + 1);
    }

    private static List<Path> jellyFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(file -> file.toString().endsWith(".jelly"))
                    .sorted()
                    .toList();
        }
    }
}
