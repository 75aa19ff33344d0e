package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Run;

public abstract class ArtifactManagerFactory implements Describable<ArtifactManagerFactory>, ExtensionPoint {
    public abstract ArtifactManager managerFor(Run<?, ?> build);
}
