package io.dynod.protocol.model;

/** The answer to {@code POST /v1/drain}, once they have exited: how many dynos the agent stopped. */
public record DrainResult(Integer stopping) {

    public DrainResult {
        Names.required("stopping", stopping);
    }
}
