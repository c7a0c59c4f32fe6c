package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code sluice run | validate | schema | serve}. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceCommand.Version.class,
        description = {
            "Runs streaming pipeline profiles (YAML) under different concurrency models and measures them honestly.",
            ""
        },
        subcommands = {RunCommand.class, ReportCommand.class, ValidateCommand.class, SchemaCommand.class, ServeCommand.class, WorkerCommand.class, SoakShardCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", ExitCodes.HELP, "", "Example: sluice run load-profiles/quickstart.yaml --set stages.square.scheduler=single"})
public final class SluiceCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: run, report, validate, schema or serve");
    }

    /** Builds the command line around a console; commands are created with it. */
    public static CommandLine commandLine(Console console) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == RunCommand.class) {
                    return type.cast(new RunCommand(console));
                }
                if (type == ReportCommand.class) {
                    return type.cast(new ReportCommand(console));
                }
                if (type == ValidateCommand.class) {
                    return type.cast(new ValidateCommand(console));
                }
                if (type == SchemaCommand.class) {
                    return type.cast(new SchemaCommand(console));
                }
                if (type == ServeCommand.class) {
                    return type.cast(new ServeCommand(console));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cl = new CommandLine(new SluiceCommand(), factory);
        cl.setOut(console.out());
        cl.setErr(console.err());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("sluice: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return ExitCodes.RUN_FAILED;
        });
        return cl;
    }

    /** Runs the command line and returns the exit code; never calls System.exit. */
    public static int execute(Console console, String... args) {
        int code = commandLine(console).execute(args);
        console.out().flush();
        console.err().flush();
        return code;
    }

    /** The version from the jar's manifest ({@code dev} when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sluice " + number() + " (Java " + Runtime.version() + ")"};
        }

        static String number() {
            String v = SluiceCommand.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
