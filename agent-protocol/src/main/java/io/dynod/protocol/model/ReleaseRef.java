package io.dynod.protocol.model;

/** A reference to a release by its version, as Heroku's dyno and app resources carry it. */
public record ReleaseRef(Integer version) {

    public ReleaseRef {
        Release.checkVersion(version);
    }
}
