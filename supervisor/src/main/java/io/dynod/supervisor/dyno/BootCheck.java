package io.dynod.supervisor.dyno;

/** Whether a starting web dyno has booted; asked repeatedly until it says yes or the boot timeout passes. */
@FunctionalInterface
public interface BootCheck {
    boolean isUp(DynoSpec spec);
}
