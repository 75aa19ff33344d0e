package io.jenkins.plugins.releasegate.core.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy that cannot be applied: every problem found, each naming its key and line. */
public final class InvalidPolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<PolicyProblem> problems;

    public InvalidPolicyException(String source, List<PolicyProblem> problems) {
        super(source + " is not a valid policy: "
                + problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public InvalidPolicyException(String source, PolicyProblem problem) {
        this(source, List.of(problem));
    }

    /** The policy file or page the problems were found in. */
    public String source() {
        return source;
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
