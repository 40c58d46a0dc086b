package io.sysgauge.views.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sysgauge.views.report.MetricCatalog.Description;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {

    private static JsonNode metadata(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void aPluginsKeyTheTableDoesNotKnowIsDescribedAsTheRunRecordedIt() throws IOException {
        MetricCatalog catalog = MetricCatalog.forRun(metadata("""
                {"metrics": {"acme.{card}.fabricLoad": {"unit": "%", "kind": "gauge", "help": "Fabric links busy"},
                             "acme.{card}.quiet": {"unit": "", "kind": "gauge", "help": ""}}}"""));

        assertThat(catalog.describe("acme.{i}.fabricLoad")).hasValue(new Description("Fabric links busy", "%"));
        assertThat(catalog.describe("acme.{i}.quiet")).as("no help: titled with its key").isEmpty();
        assertThat(MetricCatalog.BUILT_IN.describe("acme.{i}.fabricLoad")).isEmpty();
    }

    @Test
    void sysgaugesOwnTableWinsOverWhatARunSays() throws IOException {
        MetricCatalog catalog = MetricCatalog.forRun(metadata("""
                {"metrics": {"gpu.{gpu}.temp": {"unit": "K", "kind": "gauge", "help": "something else"}}}"""));

        assertThat(catalog.describe("gpu.{i}.temp")).isEqualTo(MetricCatalog.BUILT_IN.describe("gpu.{i}.temp"))
                .hasValueSatisfying(description -> assertThat(description.unit()).isEqualTo("°C"));
    }

    @Test
    void aRunWithoutDescriptionsHasTheTableAlone() throws IOException {
        MetricCatalog catalog = MetricCatalog.forRun(metadata("{}"));

        assertThat(catalog.describe("gpu.{i}.temp")).isEqualTo(MetricCatalog.BUILT_IN.describe("gpu.{i}.temp")).isPresent();
        assertThat(catalog.describe("acme.{i}.fabricLoad")).isEmpty();
    }
}
