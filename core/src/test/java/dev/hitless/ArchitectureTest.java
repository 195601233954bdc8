package dev.hitless;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure of core, checked on its bytecode (main classes only). Each package is named for one idea of
 * the domain and the arrows between them run one way: a package may use those below it, never one above.
 */
@AnalyzeClasses(packages = "dev.hitless", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No import cycle between the top-level packages ({@code dev.hitless.plan}, {@code ordering}, ...). */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.hitless.(*)..").should().beFreeOfCycles();

    /**
     * No cycle between the files (top-level classes with their nested ones) either: each file reads on its own terms
     * of the ones it uses.
     */
    @ArchTest
    static final ArchRule filesAreFreeOfCycles = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String name = c.getName();
            int nested = name.indexOf('$');
            return name.startsWith("dev.hitless.") ? SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested))
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "files of dev.hitless";
        }
    }).should().beFreeOfCycles();

    /**
     * The orderings are algorithms on entries: they know nothing of the plan language that can describe them, the
     * checker that judges them or the command line that names them.
     */
    @ArchTest
    static final ArchRule orderingsStayBelowTheirUsers = noClasses().that().resideInAPackage("dev.hitless.ordering..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hitless.planlang..", "dev.hitless.cli..", "dev.hitless.check..");
}
