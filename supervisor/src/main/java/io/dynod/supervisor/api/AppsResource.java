package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.AppSettings;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.http.HttpMethod;

/** {@code /v1/apps} and {@code /v1/apps/{app}}: list, show, create (PUT), settings (PATCH), destroy. */
final class AppsResource {
    private static final String APP = ApiPaths.APPS + "/{app}";

    private final Apps apps;

    AppsResource(Apps apps) {
        this.apps = apps;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, ApiPaths.APPS, call -> call.answer(200, apps::list))
                .add(HttpMethod.GET, APP, call -> {
                    String app = call.app();
                    call.answer(200, () -> apps.get(app));
                })
                .add(HttpMethod.PUT, APP, call -> {
                    String app = call.app();
                    call.json(AppSettings.class, "app settings", AppSettings.none())
                            .onSuccess(settings -> call.answer(201, () -> apps.create(app, settings)))
                            .onFailure(call::fail);
                })
                .add(HttpMethod.PATCH, APP, call -> {
                    String app = call.app();
                    call.json(AppSettings.class, "app settings", null)
                            .onSuccess(settings -> call.answer(200, () -> apps.update(app, settings)))
                            .onFailure(call::fail);
                })
                .add(HttpMethod.DELETE, APP, call -> {
                    String app = call.app();
                    call.answer(200, () -> apps.destroy(app));
                });
    }
}
