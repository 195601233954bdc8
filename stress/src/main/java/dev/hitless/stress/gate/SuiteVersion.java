package dev.hitless.stress.gate;

import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.runners.TestList;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The fingerprint of a planned suite, written to a shard's {@code summary.json} so that {@link ShardMerge} refuses
 * to merge shards of different suites (another commit's jar, another {@code --filter}): SHA-256, in hex, over every
 * planned test in plan order with what the gate grades it by, its {@code @Outcome} table (each row's regular
 * expression, expectation and description, from the jar's test list) and its must-detect verdict
 * ({@link MustDetect}). A change of a checker's set, an outcome's grade or the list of tests changes it; a rebuild
 * of the same sources does not.
 */
final class SuiteVersion {
    private SuiteVersion() {
    }

    static String of(List<String> planned) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        StringBuilder s = new StringBuilder();
        for (String test : planned) {
            s.append("test ").append(test).append('\n');
            TestInfo info = TestList.getInfo(test);
            if (info != null) {
                for (StateCase c : info.cases()) row(s, c);
                if (info.unmatched() != null) row(s, info.unmatched());
            }
            MustDetect.required(test).ifPresent(v -> s.append("  must observe ").append(v).append('\n'));
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void row(StringBuilder s, StateCase c) {
        s.append("  ").append(c.matchPattern()).append('\t').append(c.expect()).append('\t').append(c.description()).append('\n');
    }
}
