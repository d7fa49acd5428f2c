package io.dynod.supervisor.launch;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the acceptance tests on real isolated dynos: a fresh {@link DynoFixture} per test, stopped after. */
abstract class IsolatedDynos {
    @TempDir
    Path base;

    DynoFixture dynos;

    @BeforeEach
    void startFixture() throws IOException {
        dynos = DynoFixture.isolated(base);
    }

    @AfterEach
    void stopFixture() throws Exception {
        if (dynos != null) {
            dynos.stopAll();
        }
    }
}
