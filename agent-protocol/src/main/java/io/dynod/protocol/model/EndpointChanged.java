package io.dynod.protocol.model;

/**
 * A web dyno's endpoint became routable ({@code up} true: it listens on {@code host:port}) or
 * stopped being routable (false). This is what a router needs to follow an agent.
 */
public record EndpointChanged(String app, String dyno, String host, Integer port, Boolean up, ReleaseRef release)
        implements Event {

    public EndpointChanged {
        Names.appName(app);
        Names.dynoName(dyno);
        Names.required("host", host);
        Names.required("port", port);
        Names.required("up", up);
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("port " + port + ": must be 1 to 65535");
        }
    }
}
