package io.sysgauge.plugin.ipu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sysgauge.plugin.ipu.SeedNaming.IpuMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteScheduleTest {

    private final WriteSchedule schedule = new WriteSchedule();

    @Test
    void theFirstSightingWritesEveryNumericAttributeUnderTheSeedsName() {
        Map<String, Double> first = due(device("gc-info-device-info-pod4-ipu0.txt"));

        assertThat(first).containsExactly(entry("id", 0.0), entry("average board temp (C)", 28.5),
                entry("average die temp (C)", 33.9), entry("board ipu index", 3.0), entry("clock (MHz)", 1330.0),
                entry("config domain", 94_414_229_001_808.0), entry("firmware major version", 2.0),
                entry("firmware minor version", 5.0), entry("firmware patch version", 9.0),
                entry("hexoatt active size (bytes)", 0.0), entry("hexoatt total size (bytes)", 34_082_914_304.0),
                entry("hexopt active size (bytes)", 0.0), entry("hexopt total size (bytes)", 268_435_456.0),
                entry("host link correctable error count", 0.0), entry("ipu power (W)", 92.3),
                entry("ipu utilisation (%)", 87.25), entry("ipu utilisation (session) (%)", 64.1),
                entry("ipuof routing id", 0.0), entry("link correctable error count", 0.0),
                entry("link speed (GT/s)", 16.0), entry("link width", 8.0), entry("number of replicas", 1.0),
                entry("pci id", 3.0), entry("pcie physical slot", 3.0), entry("remote buffers supported", 1.0),
                entry("user process id", 4242.0));
    }

    @Test
    void afterwardsTheVariableOnesAreWrittenEveryTimeAndTheFixedOnesWhenTheyChange() {
        String ipu0 = Fixtures.text("gc-info-device-info-pod4-ipu0.txt");
        due(parse(ipu0));

        Map<String, Double> unchanged = due(parse(ipu0));
        Map<String, Double> changed = due(parse(ipu0.replace("link width: 8", "link width: 4")
                .replace("average board temp: 28.5 C", "average board temp: 30.5 C")
                .replace("ipu power: 92.3 W", "ipu power: N/A")));
        Map<String, Double> changedAgain = due(parse(ipu0.replace("link width: 8", "link width: 4")));

        assertThat(unchanged).containsExactly(entry("average board temp (C)", 28.5), entry("average die temp (C)", 33.9),
                entry("clock (MHz)", 1330.0), entry("ipu power (W)", 92.3), entry("ipu utilisation (%)", 87.25),
                entry("ipu utilisation (session) (%)", 64.1));
        assertThat(changed).containsExactly(entry("average board temp (C)", 30.5), entry("average die temp (C)", 33.9),
                entry("clock (MHz)", 1330.0), entry("ipu utilisation (%)", 87.25),
                entry("ipu utilisation (session) (%)", 64.1), entry("link width", 4.0));
        assertThat(changedAgain).doesNotContainKey("link width").containsEntry("ipu power (W)", 92.3).hasSize(6);
    }

    @Test
    void eachDeviceHasItsOwnFirstSighting() {
        due(device("gc-info-device-info-pod4-ipu0.txt"));

        Map<String, Double> otherDevice = due(device("gc-info-device-info-pod4-ipu1.txt"));

        // ipu1 prints "ipu power: N/A": 25 metrics where ipu0 has 26.
        assertThat(otherDevice).hasSize(25).containsEntry("id", 1.0).containsEntry("user process id", 4243.0)
                .doesNotContainKey("ipu power (W)");
    }

    private Map<String, Double> due(DeviceAttributes device) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (IpuMetric metric : schedule.due(device)) {
            values.put(metric.key(), metric.value());
        }
        return values;
    }

    private static DeviceAttributes device(String fixture) {
        return parse(Fixtures.text(fixture));
    }

    private static DeviceAttributes parse(String output) {
        List<DeviceAttributes> devices = GcInfoParser.deviceInfo(output);
        assertThat(devices).hasSize(1);
        return devices.get(0);
    }
}
