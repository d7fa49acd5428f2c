package io.dynod.cli.local;

/** One instance to run: {@code web.2} with its command and port. */
public record ProcessSpec(String type, int instance, String command, int port) {
    public String name() {
        return type + "." + instance;
    }
}
