package io.goxhelix.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppVersionTest {

    @Test
    void versionsSortAsPeopleReadThem() {
        List<String> sorted =
                Arrays.asList(null, "1.2", "1.2.1", "1.9", "1.10", "2.0-rc1", "2.0-rc2", "2.0", "2.0.1", "10.0");
        List<String> shuffled = new ArrayList<>(sorted);
        java.util.Collections.reverse(shuffled);
        shuffled.sort(AppVersion.ORDER);
        assertThat(shuffled).isEqualTo(sorted);
    }

    @Test
    void buildMetadataAndLeadingZerosDoNotMakeAVersionNewer() {
        assertThat(AppVersion.compare("1.4.0+build.7", "1.4.0+build.9")).isZero();
        assertThat(AppVersion.compare("1.04", "1.4")).isZero();
        assertThat(AppVersion.newest(Arrays.asList("1.4", null, "1.10", "1.9"))).isEqualTo("1.10");
        assertThat(AppVersion.newest(Arrays.asList(null, null))).isNull();
    }
}
