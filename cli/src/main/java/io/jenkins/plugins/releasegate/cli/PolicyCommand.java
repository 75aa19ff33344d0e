package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code release-gate policy check FILE}. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Works with policy files.",
        subcommands = PolicyCommand.Check.class,
        footerHeading = "%nExample:%n",
        footer = "  release-gate policy check policy.yaml")
final class PolicyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a policy command: check.");
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validates a policy file and prints the effective policy, every default written out.",
            footerHeading = "%nExample:%n",
            footer = "  release-gate policy check policy.yaml")
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The policy file, YAML or JSON.")
        Path file;

        @CommandLine.Mixin
        DebugOption debug;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Policy policy = PolicyReader.read(file);
                out.println("# " + file + " is valid. Effective policy, sha256 " + PolicyWriter.sha256(policy) + ":");
                out.print(PolicyWriter.toYaml(policy));
                out.flush();
                return ReleaseGateCommand.PASSED;
            } catch (InvalidPolicyException e) {
                printProblems(e, err);
                return ReleaseGateCommand.USAGE;
            }
        }
    }

    /** Prints each problem as {@code FILE:LINE: KEY: MESSAGE}, the form editors and CI logs link from. */
    static void printProblems(InvalidPolicyException e, PrintWriter err) {
        err.println("release-gate: " + e.source() + " is not a valid policy:");
        for (PolicyProblem problem : e.problems()) {
            String where = problem.line() > 0 ? e.source() + ":" + problem.line() : e.source();
            err.println("  " + where + ": " + problem.key() + " " + problem.message());
        }
        err.flush();
    }
}
