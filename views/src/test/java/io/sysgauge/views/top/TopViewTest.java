package io.sysgauge.views.top;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.core.sampling.Record;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopViewTest {

    private static final TopView VIEW = new TopView("node-7", Duration.ofSeconds(1), ZoneOffset.UTC);

    @Test
    void drawsHostTreeAndEachGpuAsBarsSizedToTheWidth() {
        Record record = record(
                "cpu_percent", 45.0, "cpu", 12.5, "memory_percent", 62.5, "proc.memory.rssMB", 1234.5,
                "gpu.0.gpu", 80.0, "gpu.0.memoryAllocated", 25.0, "gpu.0.powerWatts", 250.5, "gpu.0.temp", 65.0,
                "gpu.process.0.gpu", 40.0, "gpu.process.0.memoryAllocatedBytes", 1073741824.0,
                "gpu.1.gpu", 100.0,
                "tpu.0.dutyCycle", 50.0, "trn.0.neuroncore_utilization", 12.25);

        // 59 columns leave a 20-character bar.
        assertThat(VIEW.render(record, 59)).containsExactly(
                "sysgauge top  node-7  1970-01-01 00:00:03  every 1s",
                "",
                "CPU     [#########...........]  45.0%  tree 12.5%",
                "Memory  [#############.......]  62.5%  tree 1234.5 MB",
                "",
                "GPU 0   [################....]  80.0%  tree 40.0%",
                "  mem   [#####...............]  25.0%  tree 1024.0 MB",
                "        250.5 W  65.0 °C",
                "",
                "GPU 1   [####################] 100.0%",
                "  mem   [....................]    n/a",
                "        - W  - °C",
                "",
                "        tpu.0.dutyCycle 50",
                "        trn.0.neuroncore_utilization 12.25");
    }

    @Test
    void withoutAProcessTreeOrGpusOnlyTheHostLinesRemainAndBarsFillTheLine() {
        List<String> lines = VIEW.render(record("cpu_percent", 130.0, "memory_percent", -1.0), 100);

        assertThat(lines).hasSize(4);
        // A bar never overflows: values outside 0-100 clamp, and the line leaves room for the tree's note.
        assertThat(lines.get(2)).startsWith("CPU     [" + "#".repeat(61) + "]").endsWith(" 130.0%").hasSize(100 - 22);
        assertThat(lines.get(3)).startsWith("Memory  [" + ".".repeat(61) + "]").endsWith("  -1.0%");
    }

    @Test
    void aNarrowTerminalStillGetsAReadableBar() {
        assertThat(VIEW.render(record("cpu_percent", 50.0), 20).get(2)).isEqualTo("CPU     [#####.....]  50.0%");
    }

    private static Record record(Object... keysAndValues) {
        List<ExportedValue> samples = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            samples.add(new ExportedValue(MetricDescriptor.of(key, Unit.PERCENT, key), List.of(), key, (Double) keysAndValues[i + 1]));
        }
        return new Record(3.0, 3.0, samples);
    }
}
