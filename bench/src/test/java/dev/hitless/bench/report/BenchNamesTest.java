package dev.hitless.bench.report;

import dev.hitless.bench.AttachBench;
import dev.hitless.bench.BenchParams;
import dev.hitless.bench.MachineryBench;
import dev.hitless.bench.ReplaceBench;
import dev.hitless.bench.ReplaceUnderFetchBench;
import dev.hitless.bench.SyncLatency;
import dev.hitless.ordering.Orderings;
import dev.hitless.suite.RepresentativeTransition;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.hitless.bench.BenchParams.ATTACH;
import static dev.hitless.bench.BenchParams.ORDER;
import static dev.hitless.bench.BenchParams.ORDERING;
import static dev.hitless.bench.BenchParams.SYNC;
import static dev.hitless.bench.BenchParams.TRANSITION;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names the report reads are the names the benchmarks declare: JMH names a parameter after its {@code @Param}
 * field and a counter after its {@code @AuxCounters} field, so renaming one must break this test, not silently
 * empty a section of the report. (The report's own expectations are checked against a real JMH run in
 * {@code ReportRealRunTest}.)
 */
class BenchNamesTest {

    /** Every {@code @Param} field of a benchmark, including its nested @State classes, with its default values. */
    static Map<String, List<String>> params(Class<?> bench) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<Class<?>> classes = new ArrayList<>(List.of(bench));
        classes.addAll(List.of(bench.getDeclaredClasses()));
        for (Class<?> c : classes) {
            for (Field f : c.getDeclaredFields()) {
                Param p = f.getAnnotation(Param.class);
                if (p != null) out.put(f.getName(), List.of(p.value()));
            }
        }
        return out;
    }

    @Test
    void replaceBenchDeclaresExactlyTheParametersTheReportReads() {
        assertEquals(Set.of(TRANSITION, ORDERING, SYNC), params(ReplaceBench.class).keySet());
    }

    @Test
    void replaceUnderFetchBenchDeclaresExactlyTheParametersTheReportReads() {
        assertEquals(Set.of(TRANSITION, ORDERING, ORDER, SYNC), params(ReplaceUnderFetchBench.class).keySet());
    }

    @Test
    void theTransitionParameterIsTheBenchmarkShareOfTheOneListOfRepresentativeTransitions() {
        List<String> ids = RepresentativeTransition.benchmarked().stream().map(RepresentativeTransition::id).toList();
        assertEquals(ids, params(ReplaceBench.class).get(TRANSITION));
        assertEquals(ids, params(ReplaceUnderFetchBench.class).get(TRANSITION));
    }

    @Test
    void orderingsAndSyncLatenciesAreValidAndIncludeTheTeardownEveryReplaceIsComparedWith() {
        for (Class<?> bench : List.of(ReplaceBench.class, ReplaceUnderFetchBench.class)) {
            List<String> orderings = params(bench).get(ORDERING);
            assertTrue(orderings.contains(ReplaceSection.TEARDOWN), bench + ": " + orderings);
            for (String o : orderings) assertDoesNotThrow(() -> Orderings.byName(o), o);
            for (String s : params(bench).get(SYNC)) assertDoesNotThrow(() -> SyncLatency.parse(s), s);
        }
    }

    /**
     * The DTE's, the RISC-V DC's and the VT-d context entry's transitions race their driver's own update
     * (update_dte256, riscv_iommu_iodir_update, the 2026 context-entry order) against teardown; a driver's ordering
     * applies to its own format's transitions alone, so JMH's other combinations with it are the skipped ones, and
     * every other ordering applies to every transition.
     */
    @Test
    void eachDriversOrderingIsTimedOnItsOwnFormatAndOnlyItsOtherCombinationsAreSkipped() {
        for (Class<?> bench : List.of(ReplaceBench.class, ReplaceUnderFetchBench.class)) {
            List<String> orderings = params(bench).get(ORDERING);
            assertTrue(orderings.containsAll(List.of("amd-update-dte256", "riscv-iodir", "vtd-context-2026",
                    ReplaceSection.TEARDOWN)), orderings.toString());
            for (String t : params(bench).get(TRANSITION)) {
                RepresentativeTransition rt = RepresentativeTransition.byId(t);
                for (String o : orderings) {
                    var ordering = Orderings.byName(o);
                    boolean generic = dev.hitless.format.Formats.all().stream().allMatch(ordering::appliesTo);
                    String own = switch (o) {
                        case "amd-update-dte256" -> "amd-dte";
                        case "riscv-iodir" -> "riscv-dc";
                        case "vtd-context-2026" -> "vtd-context-legacy";
                        default -> null;
                    };
                    assertEquals(generic || rt.formatName().equals(own), rt.appliesTo(ordering), t + " " + o);
                }
            }
            assertTrue(params(bench).get(TRANSITION).containsAll(List.of("dte-v1-v2", "dte-gpt-level", "riscv-s1-root2",
                    "vtdctx-legacy-clear")));
        }
    }

    @Test
    void everyParameterNameConstantIsUsed() throws IllegalAccessException {
        Set<String> declared = new TreeSet<>(params(ReplaceBench.class).keySet());
        declared.addAll(params(ReplaceUnderFetchBench.class).keySet());
        declared.addAll(params(AttachBench.class).keySet());
        Set<String> constants = new TreeSet<>();
        for (Field f : BenchParams.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) constants.add((String) f.get(null));
        }
        assertEquals(constants, declared, "BenchParams against the @Param fields");
    }

    /** The @AuxCounters fields of the race, by name (JMH's secondary metrics): what the report's race section reads. */
    @Test
    void raceCountersAreTheOnesTheReportReads() {
        Set<String> counters = new TreeSet<>();
        for (Class<?> c : ReplaceUnderFetchBench.class.getDeclaredClasses()) {
            if (c.isAnnotationPresent(AuxCounters.class)) {
                Arrays.stream(c.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .forEach(f -> counters.add(f.getName()));
            }
        }
        assertEquals(new TreeSet<>(RaceSection.COUNTERS), counters);
    }

    @Test
    void attachBenchDeclaresTheParametersTheReportReadsWithValuesThatRun() {
        Map<String, List<String>> p = params(AttachBench.class);
        assertEquals(Set.of(TRANSITION, ORDERING, ATTACH, SYNC), p.keySet());
        List<String> ids = RepresentativeTransition.benchmarked().stream().map(RepresentativeTransition::id).toList();
        assertTrue(ids.containsAll(p.get(TRANSITION)), p.get(TRANSITION).toString());
        assertTrue(p.get(ATTACH).containsAll(List.of(AttachSection.BASELINE, AttachSection.CORRECTED, "arm-prepare-commit")), p.get(ATTACH).toString());
        for (String t : p.get(TRANSITION)) {
            for (String o : p.get(ORDERING)) {
                for (String a : p.get(ATTACH)) assertDoesNotThrow(() -> AttachBench.checked(t, o, a), t + " " + o + " " + a);
            }
        }
        for (String s : p.get(SYNC)) assertDoesNotThrow(() -> SyncLatency.parse(s), s);
        Set<String> counters = new TreeSet<>();
        for (Class<?> c : AttachBench.class.getDeclaredClasses()) {
            if (c.isAnnotationPresent(AuxCounters.class)) {
                Arrays.stream(c.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).forEach(f -> counters.add(f.getName()));
            }
        }
        assertEquals(new TreeSet<>(AttachSection.COUNTERS), counters);
        Set<String> groups = new TreeSet<>();
        for (Method m : AttachBench.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Benchmark.class)) groups.add(m.getAnnotation(Group.class).value());
        }
        assertEquals(Set.of(AttachSection.REPLACE, AttachSection.UNMAP), groups);
    }

    @Test
    void benchmarkMethodsAreTheOnesTheReportKnows() {
        assertEquals(new TreeSet<>(MachinerySection.methods()), benchmarks(MachineryBench.class));
        assertEquals(Set.of(ReplaceSection.METHOD), benchmarks(ReplaceBench.class));
        Set<String> groups = new TreeSet<>();
        for (Method m : ReplaceUnderFetchBench.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Group.class)) groups.add(m.getAnnotation(Group.class).value());
        }
        assertEquals(Set.of(RaceSection.METHOD), groups);
    }

    private static Set<String> benchmarks(Class<?> bench) {
        Set<String> out = new TreeSet<>();
        for (Method m : bench.getDeclaredMethods()) if (m.isAnnotationPresent(Benchmark.class)) out.add(m.getName());
        return out;
    }
}
