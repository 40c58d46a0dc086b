package io.sysgauge.views.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.views.report.ChartLayout.Chart;
import io.sysgauge.views.report.ChartLayout.KeyTemplate;
import io.sysgauge.views.report.ChartLayout.Section;
import io.sysgauge.views.report.ChartLayout.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartLayoutTest {

    @Test
    void numericSegmentsAreDevicesAndEachTemplateIsOneChart() {
        assertThat(KeyTemplate.of("gpu.0.temp")).isEqualTo(new KeyTemplate("gpu.{i}.temp", "0"));
        assertThat(KeyTemplate.of("gpu.process.12.gpu")).isEqualTo(new KeyTemplate("gpu.process.{i}.gpu", "12"));
        assertThat(KeyTemplate.of("gpu.1.mig.3.memoryAllocated")).isEqualTo(new KeyTemplate("gpu.{i}.mig.{j}.memoryAllocated", "1/3"));
        assertThat(KeyTemplate.of("disk./data.usagePercent")).isEqualTo(new KeyTemplate("disk.{path}.usagePercent", "/data"));
        assertThat(KeyTemplate.of("disk.nvme0n1.in")).isEqualTo(new KeyTemplate("disk.{path}.in", "nvme0n1"));
        assertThat(KeyTemplate.of("sysgauge.collector.nvidia.up")).isEqualTo(new KeyTemplate("sysgauge.collector.{id}.up", "nvidia"));
        assertThat(KeyTemplate.of("openmetrics.dcgm.DCGM_FI_DEV_POWER_USAGE.2"))
                .isEqualTo(new KeyTemplate("openmetrics.dcgm.DCGM_FI_DEV_POWER_USAGE.{i}", "2"));
        assertThat(KeyTemplate.of("memory_percent")).isEqualTo(new KeyTemplate("memory_percent", ""));
    }

    @Test
    void chartsGoInSectionsInPanelOrderWithDevicesInNumericOrder() {
        ChartLayout layout = ChartLayout.of(List.of("gpu.10.temp", "gpu.process.0.gpu", "gpu.2.temp", "tpu.0.dutyCycle",
                "cpu", "disk.in", "memory_percent", "network.sent", "openmetrics.dcgm.power.0", "trn.0.neuroncore_utilization",
                "ipu.0.clock (MHz)", "sysgauge.collector.cpu.up", "proc.cpu.threads", "something.else", "cpu_percent",
                "cpu.1.cpu_percent", "cpu.0.cpu_percent"));

        assertThat(layout.sections()).extracting(Section::title).containsExactly("CPU and threads", "Memory", "Disk",
                "Network", "GPU (monitored processes)", "GPU", "TPU", "Trainium", "IPU", "OpenMetrics", "Collector health", "Other");
        assertThat(layout.sections().get(0).charts()).extracting(Chart::title).containsExactly("cpu", "proc.cpu.threads", "cpu_percent",
                "cpu.{i}.cpu_percent");
        assertThat(layout.sections().get(0).charts().get(3).series())
                .containsExactly(new Series("0", "cpu.0.cpu_percent"), new Series("1", "cpu.1.cpu_percent"));
        assertThat(layout.sections().get(5).charts()).containsExactly(new Chart("gpu.{i}.temp",
                List.of(new Series("2", "gpu.2.temp"), new Series("10", "gpu.10.temp"))));
        assertThat(layout.sections().get(1).charts().get(0).series()).containsExactly(new Series("memory_percent", "memory_percent"));
        assertThat(layout.chartCount()).isEqualTo(15);
    }
}
