package io.sysgauge.cli;

import io.sysgauge.cli.config.ConfigLoader;
import io.sysgauge.core.config.Settings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --label key=value}: the run's labels, beside {@code labels:} in the configuration. */
final class LabelOptions {

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "Label the run, e.g. --label job=llama-70b --label node=7: in metadata.json and on what exporters"
                    + " send (OTLP resource attributes). Repeatable; wins over labels: in the configuration and over the"
                    + " rank a launcher (torchrun, Slurm, Open MPI) set in the command's environment.")
    List<String> labels = new ArrayList<>();

    /** Passes the labels on to the configuration as {@code labels.KEY}, where they override file and environment. */
    ConfigLoader applyTo(ConfigLoader loader) {
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals < 0) {
                throw new UsageException("--label takes key=value, such as --label job=demo; got '" + label + "'");
            }
            String name = label.substring(0, equals).strip();
            if (!Settings.LABEL_NAME.matcher(name).matches()) {
                throw new UsageException("--label: a label name is letters, digits and '_', not starting with a digit;"
                        + " got '" + name + "'");
            }
            loader.flag("labels." + name, label.substring(equals + 1), "--label");
        }
        return loader;
    }
}
