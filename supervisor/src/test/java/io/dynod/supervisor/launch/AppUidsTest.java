package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AppUidsTest {

    @Test
    void eachAppGetsItsOwnStableUidFromTheRange() {
        AppUids uids = new AppUids(61000, 3);

        int a = uids.uidFor("a");
        int b = uids.uidFor("b");

        assertThat(a).isEqualTo(61000);
        assertThat(b).isEqualTo(61001);
        assertThat(uids.uidFor("a")).isEqualTo(a);
    }

    @Test
    void exhaustedRangeIsAnError() {
        AppUids uids = new AppUids(61000, 1);
        uids.uidFor("a");

        assertThatThrownBy(() -> uids.uidFor("b")).hasMessageContaining("taken");
    }

    @Test
    void assignedUidsFromAnEarlierRunAreRespected() {
        AppUids uids = new AppUids(61000, 3);
        uids.assign("a", 61001);

        assertThat(uids.uidFor("b")).isEqualTo(61000);
        assertThat(uids.uidFor("c")).isEqualTo(61002);
        assertThatThrownBy(() -> uids.assign("d", 61001)).hasMessageContaining("app a");
        assertThatThrownBy(() -> uids.assign("d", 70000)).hasMessageContaining("outside");
    }
}
