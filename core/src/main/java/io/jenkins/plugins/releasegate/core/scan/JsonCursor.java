package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The value a streaming parser stands on, read as a scan report's format expects it. Strict readers turn a value of the
 * wrong type into a {@link MalformedReportException} that says where it is; lenient ones, for values that are only
 * shown, skip it.
 */
final class JsonCursor {

    /** How much of a message or a description a finding keeps. */
    static final int MAX_TEXT_CHARS = 200;

    private final JsonParser parser;

    JsonCursor(JsonParser parser) {
        this.parser = parser;
    }

    /** Moves to the next field's value and returns its name, or returns {@code null} at the end of the object. */
    String nextField() throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = parser.currentName();
        parser.nextToken();
        return name;
    }

    void requireObject(String what) throws MalformedReportException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw problem(what + " is " + describe() + ", not an object");
        }
    }

    void requireArray(String what) throws MalformedReportException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw problem(what + " is " + describe() + ", not an array");
        }
    }

    boolean objectOrNull(String what) throws MalformedReportException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        requireObject(what);
        return true;
    }

    boolean arrayOrNull(String what) throws MalformedReportException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        requireArray(what);
        return true;
    }

    String string(String what) throws IOException, MalformedReportException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw problem(what + " is " + describe() + ", not a string");
        }
        return parser.getText();
    }

    int index(String what) throws IOException, MalformedReportException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (token != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() != JsonParser.NumberType.INT
                || parser.getIntValue() < -1) {
            throw problem(what + " is " + describe() + ", not an index");
        }
        return parser.getIntValue();
    }

    Boolean bool(String what) throws MalformedReportException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isBoolean()) {
            throw problem(what + " is " + describe() + ", not true or false");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /** Reads an ISO 8601 time; one without an offset is taken as UTC, as SARIF defines and other reports write it. */
    Instant time() throws IOException, MalformedReportException {
        String text = string("a time");
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                throw problem("the time \"" + shorten(text) + "\" is not an ISO 8601 date and time");
            }
        }
    }

    String shownText() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return null;
        }
        return parser.getText();
    }

    /** Reads a text that is only shown, cut to one short line without decoding more of it than a String needs. */
    String shortText() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return null;
        }
        return oneLine(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    int shownNumber(int otherwise) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() != JsonParser.NumberType.INT) {
            parser.skipChildren();
            return otherwise;
        }
        return parser.getIntValue();
    }

    MalformedReportException problem(String what) {
        JsonStreamContext context = parser.getParsingContext();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            // A structure's own context has no name yet; the place of the structure is its parent's.
            context = context.getParent();
        }
        String pointer = context.pathAsPointer().toString();
        JsonLocation at = parser.currentTokenLocation();
        return new MalformedReportException((pointer.isEmpty() ? "/" : pointer) + ": " + what + " (line "
                + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** The current value as a message names it, for example {@code the number 5} or {@code an object}. */
    String describe() {
        JsonToken token = parser.currentToken();
        try {
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "\"" + shorten(parser.getText()) + "\"";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(parser.getText());
                case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> token.asString();
                default -> "a " + token.name().toLowerCase(Locale.ROOT);
            };
        } catch (IOException e) {
            return "a value that cannot be read";
        }
    }

    static String shorten(String text) {
        String line = oneLine(text);
        return line.length() <= 60 ? line : line.substring(0, 59) + "…";
    }

    /** Folds a text to one line of at most {@link #MAX_TEXT_CHARS} characters. */
    static String oneLine(String text) {
        return oneLine(text.toCharArray(), 0, text.length());
    }

    /** Folds a text to one line of at most {@link #MAX_TEXT_CHARS} characters, runs of white space made one space. */
    static String oneLine(char[] chars, int offset, int length) {
        if (isOneLine(chars, offset, length)) {
            return new String(chars, offset, length);
        }
        StringBuilder line = new StringBuilder(Math.min(length, MAX_TEXT_CHARS));
        boolean space = false;
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (Character.isWhitespace(c)) {
                space = line.length() > 0;
                continue;
            }
            if (line.length() + (space ? 2 : 1) > MAX_TEXT_CHARS) {
                return cut(line);
            }
            if (space) {
                line.append(' ');
                space = false;
            }
            line.append(c);
        }
        return line.toString();
    }

    /** Whether a text is short and its only white space is single spaces between words, as most messages are. */
    private static boolean isOneLine(char[] chars, int offset, int length) {
        if (length == 0 || length > MAX_TEXT_CHARS) {
            return length == 0;
        }
        int last = offset + length - 1;
        if (chars[offset] == ' ' || chars[last] == ' ') {
            return false;
        }
        for (int i = offset; i <= last; i++) {
            char c = chars[i];
            if (Character.isWhitespace(c) && (c != ' ' || chars[i + 1] == ' ')) {
                return false;
            }
        }
        return true;
    }

    private static String cut(StringBuilder line) {
        int end = Math.min(line.length(), MAX_TEXT_CHARS - 1);
        if (end > 0 && Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        line.setLength(end);
        return line.append('…').toString();
    }
}
