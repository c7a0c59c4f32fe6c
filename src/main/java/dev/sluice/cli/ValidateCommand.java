package dev.sluice.cli;

import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileException;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.profile.ServerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice validate PROFILE...}: checks profiles without running them. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks profiles (and server configs for sluice serve --config) and prints every problem",
            "as file:line:col: message."},
        footer = {"", ExitCodes.HELP})
final class ValidateCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(arity = "1..*", paramLabel = "PROFILE", description = "Profile files (YAML).")
    private List<Path> profiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a setting before checking, e.g. --set stages.work.concurrency=32.")
    private List<String> sets = new ArrayList<>();

    ValidateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        ProfileLoader loader = new ProfileLoader();
        int failed = 0;
        for (Path file : profiles) {
            try {
                if (loader.isServerConfig(file)) {
                    ServerSpec server = loader.loadServer(file, sets);
                    console.out().printf("ok  %s  (server config: %d host%s, a %,d-page site)%n", file, server.hosts(),
                            server.hosts() == 1 ? "" : "s", server.site().pages());
                    continue;
                }
                if (loader.isSoak(file)) {
                    dev.sluice.profile.SoakProfile soak = loader.loadSoak(file, sets);
                    int shards;
                    try {
                        shards = dev.sluice.run.SoakRunner.shards(soak);
                    } catch (IllegalArgumentException e) {
                        // Valid YAML, but more than this machine can hold as written.
                        failed++;
                        console.err().println(file + ": " + e.getMessage());
                        continue;
                    }
                    console.out().printf(java.util.Locale.ROOT, "ok  %s  (%s: a soak of %,d connections for %s%s)%n", file,
                            soak.name(), soak.soak().connections(), dev.sluice.profile.Units.format(soak.soak().duration()),
                            shards == 1 ? "" : ", in " + shards + " client processes");
                    continue;
                }
                dev.sluice.profile.Plan plan = loader.loadPlan(file, sets);
                Profile p = plan.base();
                String items = p.crawl() == null ? String.format(java.util.Locale.ROOT, "%,d items", p.source().total())
                        : String.format(java.util.Locale.ROOT, "a crawl from %,d seed%s, up to %,d pages", p.source().total(),
                                p.source().total() == 1 ? "" : "s", p.crawl().maxPages());
                console.out().printf("ok  %s  (%s: %d stage%s, %s%s)%n", file, p.name(), p.stages().size(),
                        p.stages().size() == 1 ? "" : "s", items, plan.compares()
                                ? String.format(java.util.Locale.ROOT, "; %d variant%s x %d run%s", plan.variants().size(),
                                        plan.variants().size() == 1 ? "" : "s", plan.repeat(), plan.repeat() == 1 ? "" : "s")
                                : "");
            } catch (ProfileException e) {
                failed++;
                e.errors().forEach(err -> console.err().println(err));
            }
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }
}
