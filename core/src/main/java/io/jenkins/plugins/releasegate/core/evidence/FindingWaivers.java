package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import java.util.Optional;

/** Answers whether a policy exception covers one finding of one artifact. */
@FunctionalInterface
public interface FindingWaivers {

    /**
     * The exception that names this finding for this artifact, if any. An expired one is returned too, marked
     * {@link ExceptionUse#expired()}, so the report can say it no longer waives.
     */
    Optional<ExceptionUse> lookup(String findingId);

    /** Whether no exception can waive any finding here, so findings weighed without exceptions stand as they are. */
    default boolean waivesNothing() {
        return false;
    }

    static FindingWaivers none() {
        return None.INSTANCE;
    }

    /** The answer where no finding exception applies. */
    enum None implements FindingWaivers {
        INSTANCE;

        @Override
        public Optional<ExceptionUse> lookup(String findingId) {
            return Optional.empty();
        }

        @Override
        public boolean waivesNothing() {
            return true;
        }
    }
}
