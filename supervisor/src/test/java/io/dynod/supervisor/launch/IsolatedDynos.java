package io.dynod.supervisor.launch;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the acceptance tests on real isolated dynos: a fresh {@link DynoFixture} per test, stopped
 * after; launched through dyno-exec unless a subclass picks the shell chain.
 */
abstract class IsolatedDynos {
    @TempDir
    Path base;

    DynoFixture dynos;

    @BeforeEach
    void startFixture() throws IOException {
        dynos = DynoFixture.isolated(base, chain());
    }

    LaunchChain chain() {
        return LaunchChain.DYNO_EXEC;
    }

    @AfterEach
    void stopFixture() throws Exception {
        if (dynos != null) {
            dynos.stopAll();
        }
    }
}
