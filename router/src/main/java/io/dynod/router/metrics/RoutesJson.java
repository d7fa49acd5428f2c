package io.dynod.router.metrics;

import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/**
 * The route table a router serves now, as {@code GET /routes} on the admin port shows it: apps
 * with their domains and web dynos ({@code dyno}, {@code host}, {@code port}, {@code up}). What an
 * operator compares with the agents' {@code ps} when routes look wrong.
 */
public final class RoutesJson {

    private RoutesJson() {
    }

    public static String encode(RouteTable table) {
        JsonArray apps = new JsonArray();
        for (AppRoute app : table.apps()) {
            JsonArray endpoints = new JsonArray();
            for (Endpoint e : app.endpoints()) {
                endpoints.add(new JsonObject().put("dyno", e.dyno()).put("host", e.host()).put("port", e.port())
                        .put("up", e.up()));
            }
            apps.add(new JsonObject().put("app", app.app()).put("domains", new JsonArray(new ArrayList<>(app.domains())))
                    .put("endpoints", endpoints));
        }
        return new JsonObject().put("base_domain", table.baseDomain()).put("apps", apps).encodePrettily() + "\n";
    }
}
