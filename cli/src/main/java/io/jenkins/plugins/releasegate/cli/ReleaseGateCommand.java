package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code release-gate} command: gates a release, checks a policy. */
@Command(
        name = "release-gate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Fails a release whose artifacts lack a valid signature, an SBOM that describes them or scan"
                + " results that pass the policy.",
        footerHeading = "%nExample:%n",
        footer = {
            "  release-gate verify --policy policy.yaml dist/",
            "  release-gate sign --key 'pkcs11:token=release;object=signing' --pin-env PIN dist/app.jar",
            "",
            "Exit status: 0 passed (or audit mode), 1 the gate failed, 2 bad usage or invalid policy, 3 internal error."
        })
public final class ReleaseGateCommand implements Runnable {

    /** Exit status when every artifact passed, or the policy only audits. */
    public static final int PASSED = 0;
    /** Exit status when the gate failed. */
    public static final int GATE_FAILED = 1;
    /** Exit status for bad usage or an invalid policy. */
    public static final int USAGE = 2;
    /** Exit status for an internal error, which also fails the release. */
    public static final int INTERNAL_ERROR = 3;

    /**
     * The subcommands, in the order help lists them. Picocli reads a command's options by reflection when it is added,
     * and its classes are too old for the class data sharing archive, so only the subcommand a command line names is
     * added; any other command line, such as {@code --help} or a mistyped name, gets them all.
     */
    private static final List<Class<?>> SUBCOMMANDS =
            List.of(VerifyCommand.class, SignCommand.class, PolicyCommand.class, HsmCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: verify, sign, policy or hsm.");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns its exit status; used by {@link #main} and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new ReleaseGateCommand());
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(command -> args.length > 0
                        && command.getAnnotation(Command.class).name().equals(args[0]))
                .toList();
        (named.isEmpty() ? SUBCOMMANDS : named).forEach(commandLine::addSubcommand);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(exception -> INTERNAL_ERROR);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println("release-gate: " + exception.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more.");
            return USAGE;
        });
        try {
            return commandLine.execute(args);
        } catch (Error error) {
            // picocli hands only exceptions to the handler; an error such as running out of memory escapes it, and
            // would otherwise end the process with a stack trace and the exit status of a failed gate.
            return FailureHandler.internalError(error, DebugOption.enabled(commandLine.getParseResult()), err);
        }
    }

    /** Turns failures into a one-line message and an exit status; a stack trace only with {@code --debug}. */
    private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            if (exception instanceof UsageFailure || exception instanceof HsmException) {
                // Both are one sentence the user can act on: a bad input, or what the HSM said.
                err.println("release-gate: " + exception.getMessage());
                return USAGE;
            }
            return internalError(exception, DebugOption.enabled(parseResult), err);
        }

        /**
         * One line that names the failure, however many lines its message has; the stack trace helps a developer,
         * not the user, so it comes only on request.
         */
        static int internalError(Throwable failure, boolean debug, PrintWriter err) {
            String named = failure.toString().strip().replaceAll("\\s*\\R\\s*", " ");
            err.println("release-gate: internal error: " + named + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                failure.printStackTrace(err);
            }
            err.flush();
            return INTERNAL_ERROR;
        }
    }
}
