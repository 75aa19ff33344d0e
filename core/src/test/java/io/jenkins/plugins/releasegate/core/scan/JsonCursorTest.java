package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonCursorTest {

    @Test
    void keepsAShortLineAsItIs() {
        assertThat(JsonCursor.oneLine("Tainted data reaches a sink.")).isEqualTo("Tainted data reaches a sink.");
    }

    @Test
    void foldsLinesAndRunsOfWhiteSpaceIntoSingleSpaces() {
        assertThat(JsonCursor.oneLine("  first line\n\tsecond   line \r\n")).isEqualTo("first line second line");
    }

    @Test
    void cutsLongTextWithAnEllipsis() {
        String folded = JsonCursor.oneLine("word ".repeat(100));

        assertThat(folded).hasSize(JsonCursor.MAX_TEXT_CHARS).endsWith("…").startsWith("word word");
    }

    @Test
    void neverCutsASurrogatePairInTwo() {
        String text = "a".repeat(JsonCursor.MAX_TEXT_CHARS - 2) + "😀😀😀";

        String folded = JsonCursor.oneLine(text);

        assertThat(folded).isEqualTo("a".repeat(JsonCursor.MAX_TEXT_CHARS - 2) + "…");
    }

    @Test
    void foldsAnEmptyTextToAnEmptyLine() {
        assertThat(JsonCursor.oneLine(" \n ")).isEmpty();
        assertThat(JsonCursor.oneLine("")).isEmpty();
    }
}
