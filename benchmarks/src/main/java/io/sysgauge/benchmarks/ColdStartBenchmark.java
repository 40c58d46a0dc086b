package io.sysgauge.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sysgauge.cli.Main;
import io.sysgauge.events.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * First-use costs on the start-up path of every {@code sysgauge} command, each measured once
 * in a fresh JVM (single shot, many forks): class loading, static initialisers and
 * interpreted first runs, which is what a one-shot {@code sysgauge once} pays. They set the
 * libraries core uses against leaner ways to do the same job.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 10, jvmArgs = {
    "-XX:+UseSerialGC", "-Xms8m", "-Xmx96m", "-Xss512k",
    "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m",
    "-XX:MaxMetaspaceSize=64m"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdStartBenchmark {

    // What a small configuration file holds; also the shape of a --set value.
    private static final String CONFIG = "sampling:\n  interval: 1s\ndisk:\n  paths: [/, /data]\nplugins:\n  disabled: [tpu]\n";

    /**
     * The picocli model of the whole command tree, built by reflection over the annotated
     * command classes: what {@code Main.main} does before parsing a single argument.
     *
     * @return the command line
     */
    @Benchmark
    public Object picocliCommandTree() {
        return Main.commandLine();
    }

    /**
     * What {@code Main.main} builds for {@code sysgauge once}: the root and that one command.
     *
     * @return the command line
     */
    @Benchmark
    public Object picocliOneCommand() {
        return Main.commandLine(new String[] {"once"});
    }

    /**
     * What {@code ConfigLoader}'s class initialiser does on every command, whether or not a
     * YAML text is parsed later: build a Jackson YAML mapper; then one small parse.
     *
     * @return the parsed configuration
     * @throws IOException never for this text
     */
    @Benchmark
    public Object jacksonYamlMapper() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readValue(CONFIG, Object.class);
    }

    /**
     * The same parse with SnakeYAML alone, which Jackson's YAML module already brings into lib/.
     *
     * @return the parsed configuration
     */
    @Benchmark
    public Object snakeYaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(CONFIG);
    }

    /**
     * One JSON line through {@code Json.FACTORY}, as the event sink and {@code once --format
     * json} write; touching {@code Json} also builds its {@code ObjectMapper} for metadata.
     *
     * @return the line
     * @throws IOException never for a string writer
     */
    @Benchmark
    public String jsonLineThroughJsonClass() throws IOException {
        return oneLine(Json.FACTORY);
    }

    /**
     * The same line with a bare Jackson streaming factory, without the mapper.
     *
     * @return the line
     * @throws IOException never for a string writer
     */
    @Benchmark
    public String jsonLineStreamingOnly() throws IOException {
        return oneLine(new JsonFactory());
    }

    private static String oneLine(JsonFactory factory) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("system.memory_percent", 1.95);
            json.writeNumberField("system.network.sent", 12345L);
            json.writeEndObject();
        }
        return text.toString();
    }
}
