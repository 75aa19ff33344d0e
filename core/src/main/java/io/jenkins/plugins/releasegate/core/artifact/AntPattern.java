package io.jenkins.plugins.releasegate.core.artifact;

import java.util.regex.Pattern;

/**
 * An Ant-style path pattern as policies and Jenkinsfiles write them: {@code **} spans folders, {@code *} and
 * {@code ?} stay within one. A pattern without a slash matches a file name in any folder.
 */
public final class AntPattern {

    private final String text;
    private final Pattern regex;
    private final boolean nameOnly;

    private AntPattern(String text, Pattern regex, boolean nameOnly) {
        this.text = text;
        this.regex = regex;
        this.nameOnly = nameOnly;
    }

    public static AntPattern compile(String text) {
        String pattern = text.replace('\\', '/');
        if (pattern.startsWith("./")) {
            pattern = pattern.substring(2);
        }
        return new AntPattern(text, Pattern.compile(toRegex(pattern)), !pattern.contains("/"));
    }

    /** Whether the pattern matches a path given relative to the folder being gated, with {@code /} separators. */
    public boolean matches(String relativePath) {
        String path = relativePath.replace('\\', '/');
        if (nameOnly) {
            path = path.substring(path.lastIndexOf('/') + 1);
        }
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 3;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return regex.toString();
    }
}
