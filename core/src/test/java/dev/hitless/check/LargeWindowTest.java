package dev.hitless.check;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window of 256 stores, 64 distinct values per qword for four qwords, checked by the command line in a JVM with a
 * 256 MB heap under both visibilities: the verdict and its counterexample, without the product of chunk values
 * (65^4 entries) that once needed 2.5 GB. Memory is the assertion here; the time is measured by
 * {@code dev.hitless.measure.CheckerScaling}, not by a test.
 */
class LargeWindowTest {

    @Test
    void aWindowOf256StoresIsCheckedIn256MegabytesUnderBothVisibilities() throws Exception {
        Path plan = Path.of(LargeWindowTest.class.getResource("wide-window.plan").toURI());
        for (String vis : List.of("in-order", "barrier-ordered")) {
            Run r = run("-Xmx256m", "check", "--format", "smmu-ste", "--from", "s2-vmid1", "--to", "s2-vmid2",
                    "--ordering", plan.toString(), "--visibility", vis);
            assertEquals(1, r.code, r.err);
            assertTrue(r.out.contains("verdict  TORN"), r.out);
            assertTrue(r.out.contains("TORN observation"), r.out);
            assertTrue(r.err.isEmpty(), r.err);
        }
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String heap, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, heap, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.hitless.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        return new Run(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
