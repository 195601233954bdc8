package dev.hitless.ktree;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names the shim ({@code c/hitless.h}, shipped in the jar) defines: its macros, typedefs and struct tags, read
 * from the header itself by {@link CScanner}, so this list cannot fall behind it. A tree's own definition of one of
 * them is never taken: the shim's recording {@code WRITE_ONCE}, {@code dma_wmb} and the rest must be the ones used.
 */
final class Shim {
    private Shim() {
    }

    private static Set<String> names;

    static synchronized Set<String> names() {
        if (names == null) names = Set.copyOf(read(header()));
        return names;
    }

    static Set<String> read(String header) {
        CScanner.Scan s = CScanner.scan("hitless.h", header, Map.of());
        Set<String> out = new HashSet<>();
        for (Macro m : s.macros()) out.add(m.name());
        List<Token> ts = CLexer.tokens(s.activeText(), 1);
        boolean typedef = false;
        int depth = 0;
        for (int i = 0; i < ts.size(); i++) {
            Token t = ts.get(i);
            if (t.is("{")) depth++;
            if (t.is("}")) depth--;
            if (t.is("typedef")) typedef = true;
            if (t.is(";") && depth == 0) {
                if (typedef && i > 0 && ts.get(i - 1).identifier()) out.add(ts.get(i - 1).text());
                typedef = false;
            }
            if ((t.is("struct") || t.is("union")) && i + 2 < ts.size() && ts.get(i + 1).identifier() && ts.get(i + 2).is("{")) {
                out.add(t.text() + " " + ts.get(i + 1).text());
            }
        }
        return out;
    }

    static String header() {
        try (InputStream in = Shim.class.getResourceAsStream("/dev/hitless/cwriter/shim/hitless.h")) {
            if (in == null) throw new IllegalStateException("shim file hitless.h missing from the class path (build it with Maven)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
