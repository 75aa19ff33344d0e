package io.jenkins.plugins.releasegate.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"release-gate " + version()};
    }

    /** This build's version, from the jar's manifest; a build run from classes says so. */
    static String version() {
        String version = ReleaseGateCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
