package dev.hitless.format;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A field's table of named values: checked when declared, the one source of names for printing and parsing. */
class FieldTest {

    @Test
    void namedValuesMustFitAndBeDistinct() {
        Field two = new Field("X", 0, 5, 4);
        assertThrows(IllegalArgumentException.class, () -> two.named(Map.of(4L, "FOUR")));
        assertThrows(IllegalArgumentException.class, () -> two.named(Map.of(0L, "A", 1L, "a")));
        assertEquals(List.of(0L, 3L), List.copyOf(two.named(Map.of(3L, "ON", 0L, "OFF")).values().keySet()));
    }

    @Test
    void theFieldsTableIsWhatDecodeAndTheSyntaxUse() {
        assertEquals(Optional.of("SSID0"), SmmuSte.S1DSS.valueName(2));
        assertEquals(Optional.empty(), SmmuSte.S1DSS.valueName(3));
        assertEquals("S1DSS=0(TERMINATE)", Formats.ste().formatValue(SmmuSte.S1DSS, 0));
        ConfigKind.Param p = ConfigKind.Param.named("s1dss", "test", 0, SmmuSte.S1DSS);
        assertEquals(Map.of("terminate", 0L, "bypass", 1L, "ssid0", 2L), p.symbols());
        assertEquals(2, p.max());
        // a name the parameter adds is parsed, never printed: SHCFG 0 stays unnamed in decode
        assertEquals("SHCFG=0", Formats.ste().formatValue(SmmuSte.SHCFG, 0));
        assertEquals(Formats.ste().parseConfig("ste-bypass:shcfg=0"), Formats.ste().parseConfig("ste-bypass:shcfg=none"));
    }
}
