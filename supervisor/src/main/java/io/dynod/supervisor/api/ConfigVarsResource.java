package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.json.JsonCodec;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.http.HttpMethod;

/** {@code /v1/apps/{app}/config-vars}: the vars, and a patch where null unsets (each change is a release). */
final class ConfigVarsResource {
    private static final String CONFIG_VARS = ApiPaths.APPS + "/{app}/config-vars";

    private final Apps apps;

    ConfigVarsResource(Apps apps) {
        this.apps = apps;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, CONFIG_VARS, call -> {
            String app = call.app();
            call.answer(200, () -> apps.configVars(app));
        }).add(HttpMethod.PATCH, CONFIG_VARS, call -> {
            String app = call.app();
            call.body().onSuccess(body -> call.answer(200,
                    () -> apps.updateConfigVars(app, JsonCodec.decodeConfigVars(body.toString()))))
                    .onFailure(call::fail);
        });
    }
}
