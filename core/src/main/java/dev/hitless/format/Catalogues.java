package dev.hitless.format;

import java.util.ArrayList;
import java.util.List;

/** Builds a format's catalogue from {@code name -> spec} pairs, so each spec provably reproduces its entry. */
final class Catalogues {
    private final EntryFormat format;
    private final List<NamedConfig> list = new ArrayList<>();

    Catalogues(EntryFormat format) {
        this.format = format;
    }

    Catalogues add(String name, String spec) {
        list.add(new NamedConfig(name, spec, ConfigSyntax.parseKind(format, spec)));
        return this;
    }

    List<NamedConfig> build() {
        return List.copyOf(list);
    }
}
