package jenkins.model;

import hudson.model.Descriptor;

public abstract class ArtifactManagerFactoryDescriptor extends Descriptor<ArtifactManagerFactory> {}
