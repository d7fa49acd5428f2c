package io.dynod.supervisor.api;

import io.dynod.protocol.ApiPaths;
import io.dynod.protocol.model.TrafficReport;
import io.dynod.protocol.model.TrafficResult;
import io.dynod.supervisor.control.Apps;
import io.dynod.supervisor.control.NotFoundException;
import io.dynod.supervisor.dyno.AppTraffic;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/traffic}: a separate router reports the apps that had traffic, and the agent
 * counts them as active now ({@link AppTraffic}). Apps the agent does not have are left out, so
 * the record only ever holds this agent's apps, and answered, so the router can tell.
 */
final class TrafficResource {

    private final Apps apps;
    private final AppTraffic traffic;

    TrafficResource(Apps apps, AppTraffic traffic) {
        this.apps = apps;
        this.traffic = traffic;
    }

    void register(Routes routes) {
        routes.add(HttpMethod.POST, ApiPaths.TRAFFIC, call -> call.json(TrafficReport.class, "traffic report", null)
                .onSuccess(report -> call.answer(200, () -> record(report)))
                .onFailure(call::fail));
    }

    private TrafficResult record(TrafficReport report) {
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String app : report.apps()) {
            if (has(app)) {
                known.add(app);
            } else {
                unknown.add(app);
            }
        }
        traffic.active(known);
        return new TrafficResult(unknown);
    }

    private boolean has(String app) {
        try {
            apps.get(app);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
