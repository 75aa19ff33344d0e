package io.jenkins.plugins.releasegate.coverage;

import hudson.Extension;
import hudson.model.Run;
import jenkins.model.ArtifactManager;
import jenkins.model.ArtifactManagerFactory;
import jenkins.model.ArtifactManagerFactoryDescriptor;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Mandatory gating at the archive, for every kind of build: administrators enable it under Manage Jenkins › System
 * › Artifact Management for Builds. Its managers store artifacts as Jenkins does, but refuse any artifact whose
 * content has no passing verdict of the same build.
 */
public final class GatedArtifactManagerFactory extends ArtifactManagerFactory {

    @DataBoundConstructor
    public GatedArtifactManagerFactory() {}

    @Override
    public ArtifactManager managerFor(Run<?, ?> build) {
        return new GatedArtifactManager(build);
    }

    /** Lists the factory under Artifact Management for Builds. */
    @Extension
    @Symbol("releaseGate")
    public static final class DescriptorImpl extends ArtifactManagerFactoryDescriptor {

        @Override
        public String getDisplayName() {
            return Messages.GatedArtifactManagerFactory_DisplayName();
        }
    }
}
