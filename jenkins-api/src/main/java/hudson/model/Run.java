package hudson.model;

import java.io.File;
import java.util.List;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    private Run() {}

    public void addAction(Action a) {
        throw new UnsupportedOperationException();
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException();
    }

    public JobT getParent() {
        throw new UnsupportedOperationException();
    }

    public int getNumber() {
        throw new UnsupportedOperationException();
    }

    public Result getResult() {
        throw new UnsupportedOperationException();
    }

    public void setResult(Result r) {
        throw new UnsupportedOperationException();
    }

    public final long getTimeInMillis() {
        throw new UnsupportedOperationException();
    }

    public long getDuration() {
        throw new UnsupportedOperationException();
    }

    public boolean getHasArtifacts() {
        throw new UnsupportedOperationException();
    }

    public File getRootDir() {
        throw new UnsupportedOperationException();
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException();
    }
}
