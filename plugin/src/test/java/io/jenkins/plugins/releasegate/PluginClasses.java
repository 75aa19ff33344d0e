package io.jenkins.plugins.releasegate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The plugin's compiled classes, as the build left them in {@code target/classes}. */
public final class PluginClasses {

    public static final Path FOLDER = Path.of("target", "classes");

    private PluginClasses() {}

    /** Every class the plugin compiled, nested ones included, loaded without initialising them. */
    public static List<Class<?>> all() {
        try (Stream<Path> files = Files.walk(FOLDER)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> FOLDER.relativize(file).toString())
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace('/', '.')
                            .replace('\\', '.'))
                    .filter(name -> !name.endsWith("package-info"))
                    .sorted()
                    .<Class<?>>map(PluginClasses::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PluginClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " was compiled but cannot be loaded", e);
        }
    }
}
