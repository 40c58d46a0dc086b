package io.sysgauge.cli;

import io.sysgauge.core.session.Version;
import io.sysgauge.recorder.RecordingException;
import io.sysgauge.spi.ConfigException;
import io.sysgauge.spi.SpiVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/** The {@code sysgauge} command. */
@Command(name = "sysgauge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
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

    /** Help is laid out for this many columns; descriptions are written to fit it, so none is re-wrapped. */
    static final int HELP_WIDTH = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The commands by name, in the order help lists them. */
    static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("run", RunCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("once", OnceCommand.class);
        commands.put("top", TopCommand.class);
        commands.put("report", ReportCommand.class);
        commands.put("plugins", PluginsCommand.class);
        commands.put("help", CommandLine.HelpCommand.class);
        return commands;
    }

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
        System.exit(commandLine(args).execute(args));
    }

    /** @return every command, with sysgauge's error handling: one line, exit code 2 */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * @param commandArgs the command line it is for
     * @return the command line with sysgauge's error handling, holding only the command that {@code commandArgs}
     *     names when it names one: picocli reads every option of every command it holds, about 50 ms of
     *     each start-up for the commands not run. Anything else (help, a version, a typo) gets them all.
     */
    public static CommandLine commandLine(String[] commandArgs) {
        CommandLine commandLine = new CommandLine(new Main());
        Map<String, Class<?>> commands = subcommands();
        Class<?> invoked = commandArgs.length > 0 ? commands.get(commandArgs[0]) : null;
        commands.forEach((name, command) -> {
            if (invoked == null || invoked == CommandLine.HelpCommand.class || command == invoked) {
                commandLine.addSubcommand(name, command);
            }
        });
        // Set on the root, it reaches every subcommand (picocli's own default is 80 columns).
        commandLine.setUsageHelpWidth(HELP_WIDTH);
        useSummarySentences(commandLine);
        // Everything after the command's name is the command's: `run python train.py --lr 3` works without --.
        if (commandLine.getSubcommands().containsKey("run")) {
            commandLine.getSubcommands().get("run").setStopAtPositional(true);
        }
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
            if (problem instanceof ConfigException || problem instanceof UsageException
                    || problem instanceof RecordingException) {
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

    // picocli lists a subcommand by the first line of its description, which is often half a sentence:
    // list each by its first whole sentence instead, wrapped at the help width.
    private static void useSummarySentences(CommandLine commandLine) {
        if (!commandLine.getSubcommands().isEmpty()) {
            commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                    help -> commandList(help.commandSpec()));
        }
        commandLine.getSubcommands().values().forEach(Main::useSummarySentences);
    }

    private static String commandList(CommandLine.Model.CommandSpec spec) {
        Map<String, CommandLine> commands = spec.subcommands();
        int nameWidth = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder list = new StringBuilder();
        commands.forEach((name, command) -> {
            if (command.getCommandSpec().usageMessage().hidden() || !command.getCommandName().equals(name)) {
                return; // hidden, or an alias of a command listed under its own name
            }
            String indent = " ".repeat(2 + nameWidth + 2);
            List<String> lines = wrap(summary(command.getCommandSpec()), HELP_WIDTH - indent.length());
            list.append("  ").append(name).append(" ".repeat(nameWidth - name.length() + 2))
                    .append(lines.isEmpty() ? "" : lines.get(0)).append(System.lineSeparator());
            lines.stream().skip(1).forEach(line -> list.append(indent).append(line).append(System.lineSeparator()));
        });
        return list.toString();
    }

    /** @return the first sentence of a command's description (its header, when it has one) */
    static String summary(CommandLine.Model.CommandSpec spec) {
        String[] source = spec.usageMessage().header().length > 0 ? spec.usageMessage().header() : spec.usageMessage().description();
        StringBuilder text = new StringBuilder();
        for (String line : source) {
            if (line.isBlank()) {
                break; // the paragraph ends; examples follow
            }
            text.append(text.length() == 0 ? "" : " ").append(line.strip());
        }
        String paragraph = text.toString();
        for (int end = paragraph.indexOf(". "); end >= 0; end = paragraph.indexOf(". ", end + 1)) {
            // "e.g. x" and "i.e. x" do not end a sentence
            if (!paragraph.startsWith("e.g", end - 3) && !paragraph.startsWith("i.e", end - 3)) {
                return paragraph.substring(0, end + 1);
            }
        }
        return paragraph;
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
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
