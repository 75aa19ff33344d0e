package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    private Job() {
        super(null, null);
    }

    public RunT getLastCompletedBuild() {
        throw new UnsupportedOperationException();
    }
}
