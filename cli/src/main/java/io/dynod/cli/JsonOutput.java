package io.dynod.cli;

import io.dynod.protocol.json.JsonCodec;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --json}: the agent's resources as JSON, for scripts. */
final class JsonOutput {

    @Option(names = "--json", description = "Print JSON instead of text")
    boolean enabled;

    static String of(Object value) {
        return JsonCodec.encode(value);
    }

    /** Prints {@code value} as JSON with {@code --json}, else the text. */
    void print(CommandSpec spec, Object value, Supplier<String> text) {
        spec.commandLine().getOut().print(enabled ? of(value) + "\n" : text.get());
    }
}
