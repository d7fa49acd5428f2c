package io.dynod.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven stamped into the jar's manifest. */
final class DynodVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"dynod " + (version == null ? "development build" : version)};
    }
}
