package io.dynod.supervisor.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class HostRequirementTest {

    @Test
    void missingRequirementSkipsOnALaptopButFailsOnCi() {
        assertThatThrownBy(() -> HostRequirement.require(false, "root", false)).isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> HostRequirement.require(false, "root", true)).isInstanceOf(AssertionFailedError.class)
                .hasMessage("root is required when CI=true");
        assertThatCode(() -> HostRequirement.require(true, "root", true)).doesNotThrowAnyException();
    }
}
