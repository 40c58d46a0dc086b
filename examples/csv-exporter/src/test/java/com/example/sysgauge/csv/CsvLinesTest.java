package com.example.sysgauge.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.sysgauge.spi.ExportedRecord;
import io.sysgauge.spi.ExportedValue;
import io.sysgauge.spi.MetricDescriptor;
import io.sysgauge.spi.Unit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvLinesTest {

    private static final MetricDescriptor SCRAPED = MetricDescriptor.of("openmetrics.{endpoint}.{metric}", Unit.NONE, "test");

    @Test
    void aKeyThatNeedsQuotingIsQuotedAndNaNIsAnEmptyCell() {
        ExportedRecord record = new ExportedRecord(1.5, 0.25, List.of(
                new ExportedValue(SCRAPED, List.of("a", "b,\"c\""), "openmetrics.a.b,\"c\"", Double.NaN, Map.of()),
                new ExportedValue(SCRAPED, List.of("a", "d"), "openmetrics.a.d", 1e20, Map.of())));

        assertThat(new CsvLines().lines(record)).isEqualTo(
                "_timestamp,_runtime,\"openmetrics.a.b,\"\"c\"\"\",openmetrics.a.d\n1.5,0.25,,1.0E20\n");
    }

    @Test
    void theHeaderIsWrittenOnlyWhenTheKeysChange() {
        CsvLines lines = new CsvLines();
        ExportedRecord record = new ExportedRecord(1, 0, List.of(
                new ExportedValue(SCRAPED, List.of("a", "d"), "openmetrics.a.d", 3, Map.of())));

        assertThat(lines.lines(record)).startsWith("_timestamp");
        assertThat(lines.lines(record)).isEqualTo("1,0,3\n");
    }
}
