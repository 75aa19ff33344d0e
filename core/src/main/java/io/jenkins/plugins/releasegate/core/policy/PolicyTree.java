package io.jenkins.plugins.releasegate.core.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed policy document that remembers the line of every key and value, so that each problem can name its line.
 * YAML and JSON both arrive here through Jackson's streaming parsers.
 */
final class PolicyTree {

    private PolicyTree() {}

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        String kind();
    }

    /** A key with the line it stands on and its value. */
    record Entry(String key, int line, Node value) {}

    record MapNode(Map<String, Entry> entries, int line) implements Node {
        @Override
        public String kind() {
            return "a map";
        }
    }

    record ListNode(List<Node> items, int line) implements Node {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is null for an explicit null. */
    record ScalarNode(String text, JsonToken token, int line) implements Node {
        @Override
        public String kind() {
            return switch (token) {
                case VALUE_STRING -> "text";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                default -> "nothing";
            };
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** Reads one document; duplicate keys are reported to {@code problems} and the later value kept. */
    static Node read(JsonParser parser, List<PolicyProblem> problems) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return new MapNode(Map.of(), 1);
        }
        Node root = readValue(parser, "", problems);
        if (parser.nextToken() != null) {
            problems.add(new PolicyProblem("(document)", line(parser), "holds more than one document"));
        }
        return root;
    }

    private static Node readValue(JsonParser parser, String path, List<PolicyProblem> problems) throws IOException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line(parser);
                parser.nextToken();
                String childPath = path.isEmpty() ? key : path + "." + key;
                Node value = readValue(parser, childPath, problems);
                if (entries.containsKey(key)) {
                    problems.add(new PolicyProblem(
                            childPath,
                            keyLine,
                            "is given twice (also on line " + entries.get(key).line() + ")"));
                }
                entries.put(key, new Entry(key, keyLine, value));
            }
            return new MapNode(entries, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(parser, path + "[" + index++ + "]", problems));
            }
            return new ListNode(items, line);
        }
        String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
        return new ScalarNode(text, token, line);
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
