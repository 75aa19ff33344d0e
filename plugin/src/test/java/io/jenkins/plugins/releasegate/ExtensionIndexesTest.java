package io.jenkins.plugins.releasegate;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;

/** The two indexes Jenkins finds the plugin's extensions and symbols by, as the compiler and the build left them. */
class ExtensionIndexesTest {

    @Test
    void theSezPozIndexListsEveryExtension() {
        List<String> indexed = new ArrayList<>();
        for (IndexItem<Extension, Object> item :
                Index.load(Extension.class, Object.class, getClass().getClassLoader())) {
            if (item.className().startsWith("io.jenkins.plugins.releasegate.")) {
                indexed.add(item.className());
            }
        }

        assertThat(indexed)
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(PluginClasses.all().stream()
                        .filter(type -> type.isAnnotationPresent(Extension.class))
                        .map(Class::getName)
                        .toList());
    }

    @Test
    void theSymbolIndexListsEveryClassWithASymbol() throws IOException {
        List<String> indexed = Files.readAllLines(
                PluginClasses.FOLDER.resolve("META-INF/services/annotations/org.jenkinsci.Symbol"),
                StandardCharsets.UTF_8);

        assertThat(indexed)
                .isNotEmpty()
                .isSorted()
                .containsExactlyElementsOf(PluginClasses.all().stream()
                        .filter(type -> type.isAnnotationPresent(Symbol.class))
                        .map(Class::getName)
                        .sorted()
                        .toList());
    }
}
