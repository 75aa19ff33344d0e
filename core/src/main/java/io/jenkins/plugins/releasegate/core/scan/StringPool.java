package io.jenkins.plugins.releasegate.core.scan;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares one copy of each string that recurs across results, such as rule ids, file URIs and severity sources, so a
 * large scan keeps each once rather than once per finding. Used by one reading thread only.
 */
final class StringPool {

    private final Map<String, String> strings = new HashMap<>();

    String share(String value) {
        if (value == null) {
            return null;
        }
        String shared = strings.putIfAbsent(value, value);
        return shared == null ? value : shared;
    }
}
