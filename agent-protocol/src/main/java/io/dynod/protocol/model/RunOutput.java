package io.dynod.protocol.model;

/**
 * One NDJSON line of a one-off dyno's attached output: first {@code started} (naming the dyno),
 * then {@code output} lines, last {@code exited} with the command's exit status.
 */
public record RunOutput(Kind kind, String dyno, String line, Integer status) {

    public enum Kind implements WireName {
        STARTED,
        OUTPUT,
        EXITED
    }

    public RunOutput {
        Names.required("kind", kind);
        if (kind == Kind.EXITED) {
            Names.required("status", status);
        }
    }

    public static RunOutput started(String dyno) {
        return new RunOutput(Kind.STARTED, dyno, null, null);
    }

    public static RunOutput output(String line) {
        return new RunOutput(Kind.OUTPUT, null, line, null);
    }

    public static RunOutput exited(int status) {
        return new RunOutput(Kind.EXITED, null, null, status);
    }
}
