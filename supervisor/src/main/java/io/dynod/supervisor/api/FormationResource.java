package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.http.HttpMethod;

/** {@code /v1/apps/{app}/formation}: the formation, and Heroku's batch update. */
final class FormationResource {
    private static final String FORMATION = ApiPaths.APPS + "/{app}/formation";

    private final Apps apps;

    FormationResource(Apps apps) {
        this.apps = apps;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, FORMATION, call -> {
            String app = call.app();
            call.answer(200, () -> apps.formation(app));
        }).add(HttpMethod.PATCH, FORMATION, call -> {
            String app = call.app();
            call.json(FormationBatch.class, "formation", null)
                    .onSuccess(batch -> call.answer(200, () -> apps.updateFormation(app, batch)))
                    .onFailure(call::fail);
        });
    }
}
