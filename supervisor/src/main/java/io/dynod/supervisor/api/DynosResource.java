package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.Names;
import io.dynod.supervisor.control.Apps;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/** {@code /v1/apps/{app}/dynos}: list, restart (all, a type or one), stop one, and one-off {@code run.N}. */
final class DynosResource {
    private static final String DYNOS = ApiPaths.APPS + "/{app}/dynos";

    private final Apps apps;

    DynosResource(Apps apps) {
        this.apps = apps;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.GET, DYNOS, call -> {
            String app = call.app();
            call.answer(200, () -> apps.dynos(app));
        }).add(HttpMethod.DELETE, DYNOS, call -> {
            String app = call.app();
            call.answer(202, () -> {
                apps.restart(app, Optional.empty());
                return null;
            });
        }).add(HttpMethod.DELETE, DYNOS + "/{dyno}", call -> {
            String app = call.app();
            String target = Names.dynoOrType(call.param("dyno"));
            call.answer(202, () -> {
                apps.restart(app, Optional.of(target));
                return null;
            });
        }).add(HttpMethod.POST, DYNOS + "/{dyno}/stop", call -> {
            String app = call.app();
            String dyno = Names.dynoName(call.param("dyno"));
            call.answer(202, () -> {
                apps.stop(app, dyno);
                return null;
            });
        }).add(HttpMethod.POST, DYNOS, call -> {
            String app = call.app();
            call.json(DynoCreate.class, "dyno", null)
                    .onSuccess(create -> new OneOffStream(call, apps).start(app, create))
                    .onFailure(call::fail);
        });
    }
}
