package io.dynod.protocol.model;

import java.util.List;

/**
 * The body of {@code POST /v1/traffic}: the apps a separate router saw traffic for since its last
 * report (requests started or held, responses still streaming, open WebSockets). The agent counts
 * them as active now, so it idles only apps that had none (PRODUCT.md §4, idle sleep).
 */
public record TrafficReport(List<String> apps) {

    public TrafficReport {
        Names.required("apps", apps);
        apps = List.copyOf(apps);
        apps.forEach(Names::appName);
    }
}
