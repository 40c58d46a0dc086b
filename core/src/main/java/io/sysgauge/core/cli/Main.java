package io.sysgauge.core.cli;

import io.sysgauge.core.session.Version;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.SpiVersion;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code sysgauge} command. */
@Command(name = "sysgauge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        subcommands = {RunCommand.class, ServeCommand.class, OnceCommand.class, TopCommand.class, ReportCommand.class,
            PluginsCommand.class, CommandLine.HelpCommand.class},
        usageHelpWidth = 100,
        description = {
            "Samples host and accelerator metrics while ML jobs run, with the metric names W&B uses.",
            "",
            "  sysgauge run -- python train.py    record a command's process tree and the host",
            "  sysgauge serve                     the newest values on /metrics and a live page",
            "  sysgauge once --pid 1234           print one sample now",
            "  sysgauge top                       CPU, memory and GPUs as bars, redrawn every second",
            "  sysgauge report RUN_DIR            one HTML file with a chart per metric of a run",
            "  sysgauge plugins                   installed plugins and the hardware they found",
            ""},
        footer = {"", "Exit codes: run returns its command's exit code; 2 means bad input (option, config key or value)."})
public final class Main implements Runnable {

    /** Exit code for bad input. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        LogSetup.configure(Arrays.asList(args).subList(0, separatorOrEnd(args)).stream()
                .anyMatch(arg -> arg.equals("-v") || arg.equals("--verbose")));
        System.exit(commandLine().execute(args));
    }

    /** @return the command line with sysgauge's error handling: one line, exit code 2 */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // Everything after the command's name is the command's: `run python train.py --lr 3` works without --.
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((problem, args) -> {
            CommandLine failed = problem.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("sysgauge: " + problem.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((problem, failed, parsed) -> {
            PrintWriter err = failed.getErr();
            if (problem instanceof ConfigException || problem instanceof UsageException) {
                err.println("sysgauge: " + problem.getMessage());
                err.flush();
                return USAGE;
            }
            err.println("sysgauge: internal error: " + problem);
            problem.printStackTrace(err);
            err.flush();
            return 1;
        });
        return commandLine;
    }

    private static int separatorOrEnd(String[] args) {
        int separator = Arrays.asList(args).indexOf("--");
        return separator < 0 ? args.length : separator;
    }

    /** Prints sysgauge's and the SPI's versions. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sysgauge " + Version.current() + " (plugin SPI " + SpiVersion.current() + ")"};
        }
    }
}
