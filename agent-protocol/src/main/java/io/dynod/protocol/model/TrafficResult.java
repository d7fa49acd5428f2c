package io.dynod.protocol.model;

import java.util.List;

/**
 * The answer to {@code POST /v1/traffic}: the reported apps this agent does not have (destroyed
 * since the router last heard of them, say). They are ignored; the others were recorded.
 */
public record TrafficResult(List<String> unknown) {

    public TrafficResult {
        Names.required("unknown", unknown);
        unknown = List.copyOf(unknown);
    }
}
