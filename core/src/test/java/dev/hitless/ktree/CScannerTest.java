package dev.hitless.ktree;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The C scanner: what the preprocessor would keep, line for line, without expanding anything. */
class CScannerTest {
    static Map<String, Macro> config(String... defines) {
        Map<String, Macro> m = new LinkedHashMap<>();
        for (String d : defines) {
            String[] kv = d.split("=", 2);
            String v = kv.length == 1 ? "1" : kv[1];
            m.put(kv[0], new Macro(kv[0], null, v, "#define " + kv[0] + " " + v, 0, 0));
        }
        return m;
    }

    static List<String> lines(String text, String... defines) {
        return List.of(CScanner.scan("t.c", text, config(defines)).activeText().split("\n", -1));
    }

    @Test
    void commentsGoStringsAndCharactersStay() {
        String c = """
                int a; /* a comment { with a brace
                   over two lines */ int b;
                char *s = "/* no comment */ // nor this";
                char q = '"', o = '{'; // a line comment \\
                still the comment
                int c;
                """;
        List<String> l = lines(c);
        assertEquals("int a;", l.get(0).strip());
        assertEquals("int b;", l.get(1).strip());
        assertEquals("char *s = \"/* no comment */ // nor this\";", l.get(2));
        assertEquals("char q = '\"', o = '{';", l.get(3).strip());
        assertEquals("", l.get(4).strip());
        assertEquals("int c;", l.get(5));
        List<Token> ts = CLexer.tokens(CScanner.scan("t.c", c, Map.of()).activeText(), 1);
        assertEquals(List.of("int", "a", ";", "int", "b", ";"), ts.subList(0, 6).stream().map(Token::text).toList());
        assertEquals(Token.Kind.STRING, ts.get(10).kind());
        assertEquals(3, ts.get(10).line());
        assertEquals(6, ts.getLast().line());
    }

    @Test
    void conditionalBlocksUnderTheConfiguration() {
        String c = """
                #ifdef CONFIG_A
                int a;
                #elif IS_ENABLED(CONFIG_B) && !defined(CONFIG_C)
                int b;
                #else
                int other;
                #endif
                #if 0
                #if 1
                int never;
                #endif
                #else
                int zero_else;
                #endif
                #ifndef CONFIG_A
                int not_a;
                #endif
                """;
        assertEquals(List.of("int a;", "int zero_else;"), code(lines(c, "CONFIG_A")));
        assertEquals(List.of("int b;", "int zero_else;", "int not_a;"), code(lines(c, "CONFIG_B")));
        assertEquals(List.of("int other;", "int zero_else;", "int not_a;"), code(lines(c, "CONFIG_B", "CONFIG_C")));
        assertEquals(List.of("int other;", "int zero_else;", "int not_a;"), code(lines(c, "CONFIG_B=0")));
        assertEquals(List.of("int other;", "int zero_else;", "int not_a;"), code(lines(c)));
    }

    private static List<String> code(List<String> lines) {
        return lines.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void macrosAreOneLogicalLineAndCountForLaterBlocks() {
        String c = """
                #define ONE 1
                #define TWO (ONE + \\
                             ONE)
                #define CALL(a, b) \\
                	do { (a) = (b); } while (0)
                #if TWO == 2
                int two;
                #endif
                #undef ONE
                #if defined(ONE) || CALL(1, 2)
                int gone;
                #endif
                """;
        CScanner.Scan s = CScanner.scan("t.c", c, Map.of());
        assertEquals(List.of("ONE", "TWO", "CALL"), s.macros().stream().map(Macro::name).toList());
        Macro two = s.macros().get(1);
        assertEquals(2, two.firstLine());
        assertEquals(3, two.lastLine());
        assertEquals("(ONE + ONE)", two.body().replaceAll("\\s+", " "));
        assertEquals(List.of("a", "b"), s.macros().get(2).params());
        assertEquals(List.of("int two;"), code(List.of(s.activeText().split("\n"))));
        assertEquals(c.split("\n", -1).length, s.activeText().split("\n", -1).length, "line numbers are kept");
    }

    @Test
    void includesOfActiveBlocks() {
        CScanner.Scan s = CScanner.scan("t.c", "#include <linux/a.h>\n#if 0\n#include <linux/b.h>\n#endif\n#include \"c.h\"\n", Map.of());
        assertEquals(List.of(new CScanner.Include("linux/a.h", true, 1), new CScanner.Include("c.h", false, 5)), s.includes());
    }

    @Test
    void unbalancedBlocksAndBadExpressionsAreOneLineWithTheirPlace() {
        assertEquals("t.c:2: #endif without #if",
                assertThrows(KernelTreeException.class, () -> CScanner.scan("t.c", "int a;\n#endif\n", Map.of())).getMessage());
        assertEquals("t.c:1: expected #endif for this #if before the end of the file",
                assertThrows(KernelTreeException.class, () -> CScanner.scan("t.c", "#ifdef X\nint a;\n", Map.of())).getMessage());
        assertEquals("t.c:3: a second #else (of the #if at line 1)",
                assertThrows(KernelTreeException.class, () -> CScanner.scan("t.c", "#if X\n#else\n#else\n#endif\n", Map.of())).getMessage());
        assertEquals("t.c:1: expected ')', found the end of the line",
                assertThrows(KernelTreeException.class, () -> CScanner.scan("t.c", "#if (1\n#endif\n", Map.of())).getMessage());
        assertEquals("t.c:1: expected a divisor other than 0 in #if",
                assertThrows(KernelTreeException.class, () -> CScanner.scan("t.c", "#if 1 / 0\n#endif\n", Map.of())).getMessage());
    }

    @Test
    void ifExpressionsAsThePreprocessorComputesThem() {
        Map<String, Macro> d = config("CONFIG_Y", "CONFIG_M_MODULE", "V=0x10", "W=V + 1");
        assertEquals(1, IfExpression.evaluate("t", 1, "IS_ENABLED(CONFIG_Y) && IS_BUILTIN(CONFIG_Y) && !IS_MODULE(CONFIG_Y)", d));
        assertEquals(1, IfExpression.evaluate("t", 1, "IS_ENABLED(CONFIG_M) && IS_MODULE(CONFIG_M) && !IS_BUILTIN(CONFIG_M)", d));
        assertEquals(0, IfExpression.evaluate("t", 1, "IS_ENABLED(CONFIG_N)", d));
        assertEquals(17, IfExpression.evaluate("t", 1, "W", d));
        assertEquals(1, IfExpression.evaluate("t", 1, "W == 17 && V >= 16UL && (1 << 4) == 0x10 && 010 == 8", d));
        assertEquals(5, IfExpression.evaluate("t", 1, "UNKNOWN ? 4 : 5", d));
        // as C: an unknown name is 0; an unknown call too (cpp would refuse it)
        assertEquals(0, IfExpression.evaluate("t", 1, "LINUX_VERSION_CODE > KERNEL_VERSION(6, 10, 0)", d));
        assertEquals(-1, IfExpression.evaluate("t", 1, "~0", d));
        assertThrows(KernelTreeException.class, () -> IfExpression.evaluate("t", 1, "1 +", d));
        // a macro in its own value is not expanded again (0), and a chain of macros each doubling the last costs its length
        Map<String, Macro> loops = config("A=A + 1", "B=C", "C=B");
        assertEquals(1, IfExpression.evaluate("t", 1, "A", loops));
        assertEquals(0, IfExpression.evaluate("t", 1, "B", loops));
        Map<String, Macro> chain = config("M0=1");
        for (int i = 1; i <= 60; i++) chain.putAll(config("M" + i + "=(M" + (i - 1) + " + M" + (i - 1) + ")"));
        assertEquals(1L << 60, IfExpression.evaluate("t", 1, "M60", chain));
        assertThrows(KernelTreeException.class, () -> IfExpression.evaluate("t", 1, "defined", d));
    }

    /** The shim's own names, read from hitless.h: what a tree's definition may never replace. */
    @Test
    void theShimsNamesComeFromItsHeader() {
        var names = Shim.names();
        for (String n : List.of("WRITE_ONCE", "dma_wmb", "cmpxchg128", "cmpxchg128_local", "static_assert", "VISIBLE_IF_KUNIT",
                "EXPORT_SYMBOL_IF_KUNIT", "lockdep_assert_held", "spin_lock_irqsave", "IS_ENABLED", "u128", "__le64", "spinlock_t", "struct mutex")) {
            assertTrue(names.contains(n), n);
        }
    }
}
