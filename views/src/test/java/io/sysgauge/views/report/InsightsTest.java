package io.sysgauge.views.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InsightsTest {

    private static final List<String> KEYS = List.of("cpu", "gpu.0.gpu", "gpu.1.gpu", "disk./data.usagePercent",
            "memory_percent", "gpu.0.energyJoules", "gpu.1.energyJoules");

    /** 100 records at 1 s: GPU 0 idle in 30 of them, 10 of those input-bound; GPU 1 never used. */
    private static RunAnalysis run() {
        RunAnalysis run = new RunAnalysis();
        for (int t = 0; t < 100; t++) {
            boolean inputBound = t >= 40 && t < 50;
            boolean waiting = t >= 80;
            double gpu = inputBound ? 2 : waiting ? 0 : 95;
            double cpu = inputBound ? 97 : 30;
            run.record(t, 1_000_000 + t, KEYS, new double[] {cpu, gpu, 0, 50 + t * 0.4, 60 + t * 0.35, 3600.0 * t / 99,
                    7200.0 * t / 99});
        }
        run.finish();
        return run;
    }

    @Test
    void idleShareNeverUsedGpusAndTheInputBoundPhase() {
        List<Insights.Insight> insights = Insights.of(run(), List.of());

        Insights.Insight idle = only(insights, "idle");
        assertThat(idle.device()).isEqualTo("gpu.0");
        assertThat(idle.value()).isEqualTo(30);
        assertThat(only(insights, "unused").device()).isEqualTo("gpu.1");
        Insights.Insight phase = only(insights, "inputBound");
        assertThat(phase.start()).isEqualTo(40);
        assertThat(phase.end()).isEqualTo(49);
        assertThat(phase.text()).contains("from 0:40 to 0:49").endsWith("while the job used 90 % or more of its CPUs.");
    }

    @Test
    void hostMemoryNearItsLimitAFillingDiskAndEnergy() {
        List<Insights.Insight> insights = Insights.of(run(), List.of());

        assertThat(only(insights, "hostMemory").text()).startsWith("Host memory reached 94.7 % at 1:39");
        // 50 % to 89.6 % in 99 s: full in about 26 s more.
        Insights.Insight disk = only(insights, "disk");
        assertThat(disk.severity()).isEqualTo("warn");
        assertThat(disk.text()).contains("/data").contains("full in 26 s");
        assertThat(only(insights, "energy").text()).isEqualTo("The GPUs used 3 Wh in all (GPU 0 1 Wh, GPU 1 2 Wh).");
    }

    @Test
    void healthEventsBecomeInsightsAtTheirRunTime() {
        List<HealthLog.Event> health = List.of(
                new HealthLog.Event(1_000_070, "gpu.1", "throttle", null, "swPowerCap", 1_000_010, 60, "power cap for 1 min"),
                new HealthLog.Event(1_000_042.5, "gpu.0", "xid", 79, null, Double.NaN, Double.NaN,
                        "XID 79: GPU has fallen off the bus"),
                new HealthLog.Event(1_000_043, "gpu.0", "lost", null, null, Double.NaN, Double.NaN, ""));

        List<Insights.Insight> insights = Insights.of(run(), health);

        Insights.Insight throttle = only(insights, "throttle");
        assertThat(throttle.start()).isEqualTo(10);
        assertThat(throttle.end()).isEqualTo(70);
        assertThat(throttle.text()).isEqualTo("GPU 1 throttled (swPowerCap) from 0:10 for 1 min: power cap for 1 min.");
        assertThat(only(insights, "xid").start()).isEqualTo(42.5);
        assertThat(only(insights, "xid").text()).isEqualTo("GPU 0 at 0:43: XID 79: GPU has fallen off the bus.");
        assertThat(only(insights, "lost").text()).startsWith("GPU 0 was lost");
    }

    @Test
    void oneGpusEnergyIsOneSentenceAboutIt() {
        RunAnalysis run = new RunAnalysis();
        run.record(0, Double.NaN, List.of("gpu.3.energyJoules"), new double[] {0});
        run.record(1, Double.NaN, List.of("gpu.3.energyJoules"), new double[] {5400});
        run.finish();

        assertThat(only(Insights.of(run, List.of()), "energy").text()).isEqualTo("GPU 3 used 1.5 Wh.");
    }

    @Test
    void gpusIdleWhileTheCpusWaitOnIoIsAnInputBoundPhaseToo() {
        RunAnalysis run = new RunAnalysis();
        for (int t = 0; t < 20; t++) {
            boolean reading = t >= 5 && t < 12;
            run.record(t, Double.NaN, List.of("cpu", "cpu_iowait_percent", "gpu.0.gpu"),
                    new double[] {15, reading ? 45 : 2, reading ? 1 : 90});
        }
        run.finish();

        assertThat(run.inputBound()).containsExactly(new RunAnalysis.Phase(5, 11, 7, false, true));
        assertThat(only(Insights.of(run, List.of()), "inputBound").text())
                .isEqualTo("Likely input-bound from 0:05 to 0:11 (6 s): every GPU under 20 % while the CPUs waited on I/O 20 % "
                        + "or more of the time.");
    }

    @Test
    void aPhaseShorterThanThreeRecordsIsNoPhase() {
        RunAnalysis run = new RunAnalysis();
        for (int t = 0; t < 10; t++) {
            run.record(t, Double.NaN, List.of("cpu", "gpu.0.gpu"), new double[] {t == 4 || t == 5 ? 99 : 10, 1});
        }
        run.finish();

        assertThat(run.inputBound()).isEmpty();
        assertThat(run.startEpoch()).isNaN();
    }

    private static Insights.Insight only(List<Insights.Insight> insights, String kind) {
        List<Insights.Insight> found = insights.stream().filter(i -> i.kind().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }
}
