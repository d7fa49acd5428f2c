package io.dynod.protocol.model;

import java.util.Map;

/**
 * The body of {@code POST /v1/apps/{app}/dynos}: a one-off dyno ({@code run.N}) running
 * {@code command} with the app's config vars plus {@code env}.
 */
public record DynoCreate(String command, DynoSize size, Map<String, String> env) {

    public DynoCreate {
        Names.required("command", command);
        if (command.isBlank()) {
            throw new InvalidInputException("command is empty");
        }
        env = ConfigVars.checked(env);
    }

    public static DynoCreate of(String command) {
        return new DynoCreate(command, null, null);
    }
}
