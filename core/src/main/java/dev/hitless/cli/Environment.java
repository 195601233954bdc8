package dev.hitless.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;

/**
 * Where a command reads environment variables ({@code CC} and {@code PATH} for c-check): this process's, or the ones
 * a test gives {@link Main#commandLine(java.io.PrintWriter, java.io.PrintWriter, Map)}. The root command provides it.
 */
interface Environment {
    Map<String, String> variables();

    /** The environment of the command line that {@code spec} belongs to. */
    static Map<String, String> of(CommandSpec spec) {
        return ((Environment) spec.root().userObject()).variables();
    }
}
