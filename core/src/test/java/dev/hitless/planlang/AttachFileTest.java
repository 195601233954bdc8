package dev.hitless.planlang;

import dev.hitless.attach.AttachSequence;
import dev.hitless.attach.AttachStep;
import dev.hitless.attach.Domain;
import dev.hitless.attach.TagId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttachFileTest {

    @Test
    void everyBuiltInParsesAndRoundTrips() {
        assertEquals(8, AttachFile.BUILT_INS.size());
        for (String name : AttachFile.BUILT_INS) {
            AttachSequence s = AttachFile.builtIn(name);
            assertEquals(name, s.name());
            assertEquals(s, AttachFile.parse("printed", s.text()), name + " prints as a file that parses back to it");
        }
    }

    @Test
    void defaultsAndFullForms() {
        AttachSequence s = AttachFile.parse("f", """
                # comment
                attach mine   # trailing comment
                about one line
                list add new
                list add old tag temp
                switch tag temp table old
                switch
                flush iotlb temp
                flush devtlb
                list remove old tag temp
                """);
        assertEquals(List.of(new AttachStep.ListAdd(Domain.NEW, TagId.NEW), new AttachStep.ListAdd(Domain.OLD, TagId.TEMP),
                new AttachStep.Switch(TagId.TEMP, Domain.OLD), new AttachStep.Switch(TagId.NEW, Domain.NEW),
                new AttachStep.FlushIotlb(TagId.TEMP), new AttachStep.FlushDevtlb(), new AttachStep.ListRemove(Domain.OLD, TagId.TEMP)),
                s.steps());
        assertEquals("one line", s.description());
    }

    /** Each error names the file, the line and column, what was expected and what was found. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "about x\\nattach a                     | f:1:1: expected 'attach NAME' as the first statement, found 'about'",
            "attach a\\nabout x\\nswitch\\nflush tlb | f:4:7: expected iotlb or devtlb, found 'tlb'",
            "attach a\\nabout x\\nlist add middle\\nswitch | f:3:10: expected a domain: old or new, found 'middle'",
            "attach a\\nabout x\\nswitch tag blue  | f:3:12: expected a tag: old, new or temp, found 'blue'",
            "attach a\\nabout x\\nswitch table new table old | f:3:18: expected the end of the line or the other of tag/table, found 'table'",
            "attach a\\nabout x\\nlist add old\\nswitch | f:3:1: expected a tag the old domain's list does not hold yet; it holds old already, found 'list add old tag old'",
            "attach a\\nabout x\\nlist remove new\\nswitch | f:3:1: expected a tag the new domain's list holds; it does not hold new, found 'list remove new tag new'",
            "attach a\\nabout x\\nlist add new       | f:3:1: expected at least one 'switch' (where the entry ordering runs), found the end of the file",
            "attach a\\nabout x\\nswitch tag temp    | f:3:1: expected the last switch to end at tag new, table new; it ends at tag temp, table new, found the end of the file",
            "attach a\\nabout x\\nswitch\\nswitch     | f:4:1: expected a switch to another configuration; the entry already carries tag new and points at the new table, found 'switch tag new table new'",
            "attach a\\nswitch                         | f:2:1: expected an 'about TEXT' line, found none",
            "attach A_b\\nabout x\\nswitch          | f:1:8: expected a name of lower-case letters, digits and dashes, found 'a_b'",
            "attach a\\nabout x\\nknown-bad maybe\\nswitch | f:3:11: expected yes or no, found 'maybe'",
            "''                                       | f:1:1: expected 'attach NAME' as the first statement, found an empty file",
    })
    void errors(String text, String message) {
        var e = assertThrows(PlanFileException.class, () -> AttachFile.parse("f", text.replace("\\n", "\n").replace("''", "")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void anUnknownNameIsNeitherABuiltInNorAFile() {
        var e = assertThrows(IllegalArgumentException.class, () -> AttachFile.resolve("vtd-corected"));
        assertFalse(e instanceof PlanFileException);
        assertEquals("unknown attach sequence 'vtd-corected'; expected one of " + String.join(", ", AttachFile.BUILT_INS), e.getMessage());
    }
}
