package io.dynod.protocol.model;

/** The answer to {@code POST /v1/drain}: how many dynos the agent is stopping. */
public record DrainResult(Integer stopping) {

    public DrainResult {
        Names.required("stopping", stopping);
    }
}
