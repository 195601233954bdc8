package dev.hitless.planlang;

/**
 * A plan file that does not load, or a loaded plan file that cannot plan one transition (a field the format lacks).
 *
 * <p>The message is always one line, {@code FILE:LINE:COL: expected WHAT, found WHAT}, in the form compilers use so
 * that editors can jump to it. Unchecked, like {@link dev.hitless.format.ConfigException}: it is a user's input
 * error, reported by the CLI as one line, never as a stack trace.
 */
public final class PlanFileException extends IllegalArgumentException {
    private final String file;
    private final int line;
    private final int column;

    PlanFileException(String file, int line, int column, String expected, String found) {
        super(file + ":" + line + ":" + column + ": expected " + expected + ", found " + found);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    PlanFileException(String file, Syntax.Pos pos, String expected, String found) {
        this(file, pos.line(), pos.column(), expected, found);
    }

    /** The file as it was named when loaded (a path, or {@code examples/NAME.plan} for a shipped example). */
    public String file() {
        return file;
    }

    /** 1-based. */
    public int line() {
        return line;
    }

    /** 1-based; a tab counts as one column. */
    public int column() {
        return column;
    }
}
