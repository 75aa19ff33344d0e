package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the {@code .hpi} the build made and checks it is laid out as maven-hpi-plugin lays a plugin out and as
 * Jenkins reads one: the manifest, the plugin's own jar with its views and indexes, and only the libraries that
 * neither Jenkins core nor a dependency plugin provides.
 */
class HpiLayoutIT {

    private static final String INNER_JAR = "WEB-INF/lib/release-gate.jar";

    /** Packages that Jenkins core or a plugin the manifest depends on provides; the .hpi must not bring its own. */
    private static final List<String> PROVIDED_PACKAGES = List.of(
            "hudson/",
            "jenkins/",
            "org/kohsuke/stapler/",
            "org/jenkinsci/",
            "com/cloudbees/",
            "net/java/sezpoz/",
            "org/jvnet/",
            "com/google/common/",
            "javax/servlet/",
            "jakarta/servlet/",
            "org/springframework/",
            "net/sf/json/",
            "org/bouncycastle/",
            "com/fasterxml/jackson/",
            "com/ctc/wstx/",
            "org/codehaus/stax2/",
            "org/yaml/snakeyaml/",
            "com/sun/jna/",
            "org/slf4j/",
            "org/apache/commons/io/",
            "org/apache/commons/codec/",
            "org/apache/commons/lang3/");

    private static Path hpi;

    @TempDir
    static Path unpacked;

    @BeforeAll
    static void findTheBuiltPlugin() {
        hpi = Path.of(System.getProperty("releasegate.hpi", "target/release-gate.hpi"));
        assertThat(hpi).as("the .hpi that mvn package builds").isRegularFile();
    }

    @Test
    void theManifestNamesThePluginItsJenkinsAndItsDependencies() throws IOException {
        Attributes manifest = manifest();

        assertThat(manifest.getValue("Short-Name")).isEqualTo("release-gate");
        assertThat(manifest.getValue("Long-Name")).isEqualTo("Release Gate");
        assertThat(manifest.getValue("Plugin-Version")).isEqualTo(System.getProperty("releasegate.version"));
        assertThat(manifest.getValue("Jenkins-Version")).isEqualTo("2.541.1");
        assertThat(manifest.getValue("Url")).isEqualTo("https://github.com/jenkinsci/release-gate-plugin");
        assertThat(manifest.getValue("Plugin-Dependencies").split(","))
                .containsExactly(
                        "workflow-step-api:710.v3e456cc85233",
                        "structs:362.va_b_695ef4fdf9",
                        "credentials:1502.v5c95e620ddfe",
                        "plain-credentials:199.v9f8e1f741799",
                        "bouncycastle-api:2.30.1.84-291.v9f17b_21896e2",
                        "jackson2-api:2.22.0-439.vb_b_43658d6176");
    }

    @Test
    void theInnerJarCarriesTheSameManifest() throws IOException {
        try (JarInputStream inner = new JarInputStream(innerJarStream())) {
            Attributes attributes = inner.getManifest().getMainAttributes();
            for (String name : List.of(
                    "Short-Name", "Long-Name", "Plugin-Version", "Jenkins-Version", "Plugin-Dependencies", "Url")) {
                assertThat(attributes.getValue(name))
                        .as(name)
                        .isEqualTo(manifest().getValue(name));
            }
        }
    }

    @Test
    void theInnerJarHoldsClassesViewsHelpAndBothIndexes() throws IOException {
        List<String> entries = innerJarEntries();

        assertThat(entries)
                .contains(
                        "index.jelly",
                        "META-INF/annotations/hudson.Extension",
                        "META-INF/services/annotations/org.jenkinsci.Symbol",
                        "io/jenkins/plugins/releasegate/steps/ReleaseGateStep.class",
                        "io/jenkins/plugins/releasegate/steps/ReleaseGateStep$DescriptorImpl.class",
                        "io/jenkins/plugins/releasegate/steps/ReleaseGateStep/config.jelly",
                        "io/jenkins/plugins/releasegate/steps/ReleaseGateStep/help-artifacts.html",
                        "io/jenkins/plugins/releasegate/steps/ReleaseGateStep/help-policy.html",
                        "io/jenkins/plugins/releasegate/steps/ReleaseSignStep$DescriptorImpl.class",
                        "io/jenkins/plugins/releasegate/steps/ReleaseSignStep/config.jelly",
                        "io/jenkins/plugins/releasegate/steps/ReleaseSignStep/help-pinCredentialsId.html",
                        "io/jenkins/plugins/releasegate/actions/GateReportAction/index.jelly",
                        "io/jenkins/plugins/releasegate/actions/GateReportAction/badge.jelly",
                        "io/jenkins/plugins/releasegate/config/ReleaseGateConfiguration/config.jelly",
                        "io/jenkins/plugins/releasegate/config/ExceptionEntry/config.jelly",
                        "io/jenkins/plugins/releasegate/coverage/CoveragePage/index.jelly",
                        "io/jenkins/plugins/releasegate/coverage/UngatedBadge/badge.jelly",
                        "io/jenkins/plugins/releasegate/steps/Messages.class",
                        "io/jenkins/plugins/releasegate/steps/Messages.properties",
                        "io/jenkins/plugins/releasegate/coverage/Messages.properties",
                        "io/jenkins/plugins/releasegate/config/Messages.properties");
        assertThat(entries).noneMatch(entry -> entry.startsWith("WEB-INF/"));
    }

    @Test
    void theSezPozIndexInTheJarListsEveryExtensionClass() throws IOException {
        Path jar = extractInnerJar();
        List<String> indexed = new ArrayList<>();
        List<String> annotated = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                URLClassLoader withApi =
                        new URLClassLoader(new URL[] {jar.toUri().toURL()}, HpiLayoutIT.class.getClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                indexed.add(item.className());
            }
            for (String className : classNames(jar)) {
                Class<?> type = Class.forName(className, false, withApi);
                if (type.isAnnotationPresent(Extension.class)) {
                    annotated.add(className);
                }
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError("A class of the plugin's jar cannot be loaded", e);
        }

        assertThat(annotated).isNotEmpty();
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(annotated);
    }

    @Test
    void theSymbolIndexInTheJarListsEveryClassWithASymbol() throws IOException, ClassNotFoundException {
        Path jar = extractInnerJar();
        List<String> symbols = new ArrayList<>();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, HpiLayoutIT.class.getClassLoader())) {
            for (String className : classNames(jar)) {
                if (Class.forName(className, false, loader).isAnnotationPresent(Symbol.class)) {
                    symbols.add(className);
                }
            }
        }
        Collections.sort(symbols);

        try (JarFile inner = new JarFile(jar.toFile())) {
            ZipEntry index = inner.getEntry("META-INF/services/annotations/org.jenkinsci.Symbol");
            try (InputStream in = inner.getInputStream(index)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                        .isNotEmpty()
                        .containsExactlyElementsOf(symbols);
            }
        }
    }

    @Test
    void webInfLibHoldsTheEngineAndOnlyLibrariesNothingElseProvides() throws IOException {
        List<String> libraries;
        try (JarFile plugin = new JarFile(hpi.toFile())) {
            libraries = plugin.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .toList();
            assertThat(plugin.stream().map(ZipEntry::getName)).noneMatch(name -> name.startsWith("WEB-INF/classes"));
        }

        assertThat(libraries).contains(INNER_JAR).anyMatch(name -> name.startsWith("WEB-INF/lib/release-gate-core-"));
        for (String library : libraries) {
            Path jar = extract(library);
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> provided = file.stream()
                        .map(ZipEntry::getName)
                        .filter(name -> name.endsWith(".class"))
                        .filter(name -> PROVIDED_PACKAGES.stream().anyMatch(name::startsWith))
                        .limit(3)
                        .toList();
                assertThat(provided)
                        .as("classes Jenkins or a dependency plugin provides, in %s", library)
                        .isEmpty();
            }
        }
    }

    private static Attributes manifest() throws IOException {
        try (JarFile plugin = new JarFile(hpi.toFile())) {
            Manifest manifest = plugin.getManifest();
            assertThat(manifest).as("META-INF/MANIFEST.MF of the .hpi").isNotNull();
            return manifest.getMainAttributes();
        }
    }

    private static InputStream innerJarStream() throws IOException {
        return Files.newInputStream(extractInnerJar());
    }

    private static List<String> innerJarEntries() throws IOException {
        try (JarFile inner = new JarFile(extractInnerJar().toFile())) {
            return inner.stream().map(ZipEntry::getName).toList();
        }
    }

    private static Path extractInnerJar() throws IOException {
        return extract(INNER_JAR);
    }

    private static Path extract(String entryName) throws IOException {
        Path target = unpacked.resolve(entryName);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (JarFile plugin = new JarFile(hpi.toFile())) {
            ZipEntry entry = plugin.getEntry(entryName);
            assertThat(entry).as(entryName + " in the .hpi").isNotNull();
            Files.createDirectories(target.getParent());
            try (InputStream in = plugin.getInputStream(entry)) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    private static List<String> classNames(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
    }
}
