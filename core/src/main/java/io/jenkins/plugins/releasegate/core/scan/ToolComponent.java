package io.jenkins.plugins.releasegate.core.scan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A SARIF tool component (the driver or an extension) with the rules results refer to. */
final class ToolComponent {

    private final String name;
    private final String version;
    private final String guid;
    private final List<SarifRule> rules;
    private Map<String, SarifRule> rulesById;

    ToolComponent(String name, String version, String guid, List<SarifRule> rules) {
        this.name = name;
        this.version = version;
        this.guid = guid;
        this.rules = List.copyOf(rules);
    }

    String name() {
        return name;
    }

    String guid() {
        return guid;
    }

    /** The name and version as a report shows them, for example {@code Trivy 0.50.1}. */
    String label() {
        String shown = name == null ? "an unnamed tool" : name;
        return version == null ? shown : shown + " " + version;
    }

    int ruleCount() {
        return rules.size();
    }

    SarifRule rule(int index) {
        return rules.get(index);
    }

    /**
     * The rule a result names by id. A hierarchical id such as {@code CA2101/1} falls back to its leading components,
     * as SARIF allows a result to name a sub-rule of a rule.
     */
    SarifRule ruleById(String id) {
        if (rulesById == null) {
            rulesById = new HashMap<>();
            for (SarifRule rule : rules) {
                if (rule.id() != null) {
                    rulesById.putIfAbsent(rule.id(), rule);
                }
            }
        }
        String wanted = id;
        while (true) {
            SarifRule rule = rulesById.get(wanted);
            int slash = wanted.lastIndexOf('/');
            if (rule != null || slash <= 0) {
                return rule;
            }
            wanted = wanted.substring(0, slash);
        }
    }
}
