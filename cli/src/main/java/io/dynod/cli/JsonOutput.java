package io.dynod.cli;

import io.dynod.protocol.json.JsonCodec;
import picocli.CommandLine.Option;

/** {@code --json}: the agent's resources as JSON, for scripts. */
final class JsonOutput {

    @Option(names = "--json", description = "Print JSON instead of text")
    boolean enabled;

    static String of(Object value) {
        return JsonCodec.encode(value);
    }
}
