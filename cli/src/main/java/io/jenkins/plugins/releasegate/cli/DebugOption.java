package io.jenkins.plugins.releasegate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --debug}: show stack traces of internal errors. */
final class DebugOption {

    @Option(names = "--debug", description = "Show the stack trace of an internal error.")
    boolean debug;

    static boolean enabled(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult current = parseResult;
        while (current != null) {
            if (current.hasMatchedOption("--debug")) {
                return true;
            }
            current = current.subcommand();
        }
        return false;
    }
}
