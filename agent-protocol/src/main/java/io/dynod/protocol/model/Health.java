package io.dynod.protocol.model;

/** The body of {@code GET /healthz}: {@code {"status":"ok","version":"0.1.0"}}. */
public record Health(String status, String version) {}
