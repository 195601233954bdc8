package dev.hitless.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Placeholder entry point of {@code ./hitless}, so the launcher and the runnable jar can be built and tested; the
 * real command tree replaces it.
 */
@Command(name = "hitless", mixinStandardHelpOptions = true, version = "hitless 0.1.0-SNAPSHOT",
        description = "Proves orderings of stores to a live IOMMU table entry hitless, or finds the torn case.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
