package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice schema}: prints the JSON Schema of profiles (or of result.json), for editors and CI. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Prints the JSON Schema of pipeline profiles.",
            "Point your editor's YAML support at it for completion and checks while you type."})
final class SchemaCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--result", description = "Print the schema of result.json instead.")
    private boolean result;

    SchemaCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        String name = result ? "result.schema.json" : "profile.schema.json";
        try (InputStream in = SchemaCommand.class.getResourceAsStream("/dev/sluice/config/" + name)) {
            if (in == null) {
                console.err().println("sluice: the schema " + name + " is missing from this build; rebuild with ./mvnw package");
                return ExitCodes.RUN_FAILED;
            }
            console.out().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            console.out().flush();
        }
        return ExitCodes.OK;
    }
}
