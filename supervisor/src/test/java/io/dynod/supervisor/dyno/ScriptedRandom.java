package io.dynod.supervisor.dyno;

import java.util.random.RandomGenerator;

/** A random source whose bounded draws land at a fixed fraction of the bound (0 = lowest, 1 = highest). */
final class ScriptedRandom implements RandomGenerator {
    private final double fraction;

    ScriptedRandom(double fraction) {
        this.fraction = fraction;
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only bounded draws are scripted");
    }

    @Override
    public long nextLong(long bound) {
        return Math.min(bound - 1, (long) Math.floor(bound * fraction));
    }
}
