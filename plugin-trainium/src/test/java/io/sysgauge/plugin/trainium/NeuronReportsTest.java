package io.sysgauge.plugin.trainium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.sysgauge.testkit.RecordingWriter;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class NeuronReportsTest {

    private static final String TRN1_2XLARGE = "neuron-monitor-trn1.2xlarge-3reports.json";
    private static final String TRN1_32XLARGE = "neuron-monitor-trn1.32xlarge-2runtimes.json";
    private static final String TRN2_ERRORS = "neuron-monitor-trn2.3xlarge-errors.json";
    private static final LongPredicate EVERY_RUNTIME = pid -> true;

    @Test
    void aRealTrn1ReportGivesEverySeedKey() {
        JsonNode newest = Fixtures.report(TRN1_2XLARGE, 2);

        assertThat(values(newest, pid -> pid == 16851)).containsOnly(
                entry("trn.0.neuroncore_utilization", 1.3128372400154966),
                entry("trn.1.neuroncore_utilization", 0.0),
                entry("trn.host_total_memory_usage", 612179968.0),
                entry("trn.neuron_device_total_memory_usage", 102298328.0),
                entry("trn.host_total_memory_usage.application_memory", 611131392.0),
                entry("trn.host_total_memory_usage.constants", 0.0),
                entry("trn.host_total_memory_usage.dma_buffers", 1048576.0),
                entry("trn.host_total_memory_usage.tensors", 0.0),
                entry("trn.0.neuroncore_memory_usage.constants", 196608.0),
                entry("trn.0.neuroncore_memory_usage.model_code", 101125344.0),
                entry("trn.0.neuroncore_memory_usage.model_shared_scratchpad", 0.0),
                entry("trn.0.neuroncore_memory_usage.runtime_memory", 0.0),
                entry("trn.0.neuroncore_memory_usage.tensors", 943608.0),
                entry("trn.1.neuroncore_memory_usage.constants", 0.0),
                entry("trn.1.neuroncore_memory_usage.model_code", 32768.0),
                entry("trn.1.neuroncore_memory_usage.model_shared_scratchpad", 0.0),
                entry("trn.1.neuroncore_memory_usage.runtime_memory", 0.0),
                entry("trn.1.neuroncore_memory_usage.tensors", 0.0));
    }

    @Test
    void aTreeWithoutTheRuntimesPidGetsNothingAndNoTreeGetsEveryRuntime() {
        JsonNode first = Fixtures.report(TRN1_2XLARGE, 0);

        assertThat(values(first, pid -> pid == 16852)).isEmpty();
        assertThat(values(first, EVERY_RUNTIME)).containsEntry("trn.0.neuroncore_utilization", 1.3631567613356375)
                .containsEntry("trn.neuron_device_total_memory_usage", 102298328.0).hasSize(18);
    }

    @Test
    void hardwareFactsOfARealReport() {
        assertThat(NeuronReports.hardwareFacts(Fixtures.report(TRN1_2XLARGE, 0))).containsExactly(
                entry("neuron_device_count", 1), entry("neuroncore_per_device_count", 2),
                entry("instance_type", "trn1.2xlarge"));
    }

    @Test
    void onlyTheTreesRuntimeCountsOnA32CoreInstance() {
        Map<String, Double> values = values(Fixtures.report(TRN1_32XLARGE, 0), pid -> pid == 4101);

        assertThat(values).hasSize(32 + 2 + 4 + 32 * 5)
                .containsEntry("trn.0.neuroncore_utilization", 46.0)
                .containsEntry("trn.15.neuroncore_utilization", 83.5)
                .containsEntry("trn.16.neuroncore_utilization", 0.0)
                .containsEntry("trn.host_total_memory_usage", 3292536842.0)
                .containsEntry("trn.neuron_device_total_memory_usage", 59450556416.0)
                .containsEntry("trn.host_total_memory_usage.application_memory", 3221229573.0)
                .containsEntry("trn.0.neuroncore_memory_usage.constants", 1073741824.0)
                .containsEntry("trn.16.neuroncore_memory_usage.tensors", 0.0);
    }

    @Test
    void twoRuntimesOfTheTreeAreSummed() {
        JsonNode newest = Fixtures.report(TRN1_32XLARGE, 1);

        Map<String, Double> both = values(newest, Set.of(4101L, 4202L)::contains);

        assertThat(both).hasSize(32 + 2 + 4 + 32 * 5)
                .containsEntry("trn.0.neuroncore_utilization", 46.125)
                .containsEntry("trn.16.neuroncore_utilization", 42.125)
                .containsEntry("trn.31.neuroncore_utilization", 79.625)
                .containsEntry("trn.host_total_memory_usage", 3293585418.0 + 3293585620.0)
                .containsEntry("trn.neuron_device_total_memory_usage", 2 * 59451604992.0)
                .containsEntry("trn.host_total_memory_usage.application_memory", 3222278149.0 + 3222278250.0)
                .containsEntry("trn.host_total_memory_usage.dma_buffers", 67112965.0 + 67113066.0)
                .containsEntry("trn.host_total_memory_usage.tensors", 2 * 4194304.0)
                .containsEntry("trn.16.neuroncore_memory_usage.runtime_memory", 16842752.0);
        assertThat(values(newest, EVERY_RUNTIME)).isEqualTo(both);
    }

    @Test
    void hardwareFactsWithTheNewerFields() {
        assertThat(NeuronReports.hardwareFacts(Fixtures.report(TRN1_32XLARGE, 0))).containsExactly(
                entry("neuron_device_count", 16), entry("neuroncore_per_device_count", 2),
                entry("neuron_device_type", "trainium"), entry("instance_type", "trn1.32xlarge"));
        assertThat(NeuronReports.hardwareFacts(Fixtures.report(TRN2_ERRORS, 0))).containsExactly(
                entry("neuron_device_count", 1), entry("neuroncore_per_device_count", 4),
                entry("neuron_device_type", "trainium2"), entry("instance_type", "trn2.3xlarge"));
    }

    @Test
    void aFailedCounterGroupCostsTheUtilizationOfTheTreeButNotItsMemory() {
        JsonNode report = Fixtures.report(TRN2_ERRORS, 0); // pid 7002's neuroncore_counters report an error

        Map<String, Double> both = values(report, Set.of(7001L, 7002L)::contains);
        Map<String, Double> healthyOnly = values(report, pid -> pid == 7001);

        assertThat(both.keySet()).noneMatch(key -> key.endsWith("neuroncore_utilization"));
        assertThat(both).hasSize(2 + 4 + 4 * 5)
                .containsEntry("trn.host_total_memory_usage", 5511315456.0 + 2181038080.0)
                .containsEntry("trn.neuron_device_total_memory_usage", 27715960832.0 + 7415529472.0)
                .containsEntry("trn.host_total_memory_usage.application_memory", 5368709120.0 + 2147483648.0)
                .containsEntry("trn.host_total_memory_usage.dma_buffers", 134217728.0 + 33554432.0)
                .containsEntry("trn.0.neuroncore_memory_usage.model_shared_scratchpad", 536870912.0)
                .containsEntry("trn.2.neuroncore_memory_usage.tensors", 2147483648.0);
        assertThat(healthyOnly).containsEntry("trn.0.neuroncore_utilization", 91.25)
                .containsEntry("trn.1.neuroncore_utilization", 88.5)
                .containsEntry("trn.2.neuroncore_utilization", 0.0)
                .containsEntry("trn.3.neuroncore_utilization", 0.0)
                .containsEntry("trn.host_total_memory_usage", 5511315456.0);
    }

    @Test
    void aFailedRuntimeCostsTheTreeEverythingAndAFailedMemoryGroupItsMemory() {
        JsonNode report = Fixtures.report(TRN2_ERRORS, 1); // pid 7002 failed; pid 7001's memory_used failed

        assertThat(values(report, Set.of(7001L, 7002L)::contains)).isEmpty();
        assertThat(values(report, EVERY_RUNTIME)).isEmpty();
        assertThat(values(report, pid -> pid == 7001)).containsOnly(
                entry("trn.0.neuroncore_utilization", 90.0), entry("trn.1.neuroncore_utilization", 87.75),
                entry("trn.2.neuroncore_utilization", 0.0), entry("trn.3.neuroncore_utilization", 0.0));
    }

    @Test
    void withoutTheDriverThereIsNothingToReadAndNoHardwareFact() {
        JsonNode report = Fixtures.report(TRN2_ERRORS, 2);

        assertThat(values(report, EVERY_RUNTIME)).isEmpty();
        assertThat(NeuronReports.hardwareFacts(report)).containsExactly(entry("instance_type", "trn2.3xlarge"));
    }

    @Test
    void aMissingFieldCostsTheSumsItAddsTo() {
        // pid 7001: no utilization for core 1, no host breakdown, no shared scratchpad for core 0;
        // pid 7002: the older memory_used shape, with totals only
        JsonNode report = Fixtures.report(TRN2_ERRORS, 3);

        Map<String, Double> both = values(report, Set.of(7001L, 7002L)::contains);
        Map<String, Double> first = values(report, pid -> pid == 7001);

        assertThat(both).containsOnly(
                entry("trn.0.neuroncore_utilization", 80.0),
                entry("trn.2.neuroncore_utilization", 50.0),
                entry("trn.3.neuroncore_utilization", 0.0),
                entry("trn.host_total_memory_usage", 5511315456.0 + 1048576000.0),
                entry("trn.neuron_device_total_memory_usage", 27715960832.0 + 2097152000.0));
        assertThat(first).hasSize(3 + 2 + 4 * 5 - 1)
                .doesNotContainKeys("trn.1.neuroncore_utilization", "trn.0.neuroncore_memory_usage.model_shared_scratchpad",
                        "trn.host_total_memory_usage.application_memory")
                .containsEntry("trn.0.neuroncore_memory_usage.model_code", 402653184.0)
                .containsEntry("trn.1.neuroncore_memory_usage.model_shared_scratchpad", 536870912.0);
    }

    @Test
    void countsAreWholeNumbersHoweverTheJsonSpellsThem() {
        JsonNode report = Fixtures.json("""
                {"neuron_hardware_info": {"neuron_device_count": 16.0, "neuroncore_per_device_count": 2.5, "error": ""},
                 "instance_info": {"instance_type": "inf2.48xlarge", "error": "failed to get instance_name"}}
                """);

        Map<String, Object> facts = NeuronReports.hardwareFacts(report);

        assertThat(facts).containsExactly(entry("neuron_device_count", 16), entry("instance_type", "inf2.48xlarge"));
        assertThat(facts.get("neuron_device_count")).isInstanceOf(Integer.class);
    }

    @Test
    void anEntryWithoutAPidCountsOnlyWithoutATree() {
        JsonNode report = Fixtures.json("""
                {"neuron_runtime_data": [{"error": "", "report": {
                    "neuroncore_counters": {"neuroncores_in_use": {"0": {"neuroncore_utilization": 12.5}}, "error": ""},
                    "memory_used": {"neuron_runtime_used_bytes": {"host": 10, "neuron_device": 20}, "error": ""}}}]}
                """);

        assertThat(values(report, pid -> pid == 1)).isEmpty();
        assertThat(values(report, EVERY_RUNTIME)).containsOnly(entry("trn.0.neuroncore_utilization", 12.5),
                entry("trn.host_total_memory_usage", 10.0), entry("trn.neuron_device_total_memory_usage", 20.0));
    }

    /** @return what the collector writes for this report, by flat key */
    static Map<String, Double> values(JsonNode report, LongPredicate inTree) {
        RecordingWriter writer = new RecordingWriter();
        TrainiumCollector.write(NeuronReports.usage(report, inTree), writer);
        return writer.values();
    }
}
