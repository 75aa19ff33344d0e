package io.jenkins.plugins.releasegate.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ReleaseGateCommand.class.getPackage().getImplementationVersion();
        return new String[] {"release-gate " + (version == null ? "(development build)" : version)};
    }
}
