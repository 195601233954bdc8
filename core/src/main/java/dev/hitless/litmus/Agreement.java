package dev.hitless.litmus;

import dev.hitless.plan.Plan;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.TableInit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * herd7 against the checker, window by window: for each litmus test, the fetches herd7's final states stand for must
 * be exactly the fetches the checker allows in that window of the {@linkplain Expressible twin} plan. Tests whose
 * architecture and body are equal are run once (a catalogue repeats the same few window shapes thousands of times).
 */
public final class Agreement {
    /** Tests per herd7 run: one process start per batch. */
    static final int BATCH = 400;

    private Agreement() {
    }

    /**
     * One window's comparison.
     *
     * @param missing fetches the checker allows and herd7 does not
     * @param extra   fetches herd7 allows and the checker does not
     */
    public record Window(Litmus.Export export, LitmusTest test, Set<Outcome> missing, Set<Outcome> extra, double herdSeconds) {
        public boolean agrees() {
            return missing.isEmpty() && extra.isEmpty();
        }
    }

    /**
     * Every window compared.
     *
     * @param windows       one per litmus test, in the order given
     * @param distinctTests the tests herd7 ran (distinct architecture and body)
     * @param herdSeconds   the sum of the times herd7 reported for the tests it ran
     * @param herdWallNanos the wall time of the herd7 processes (one per processor at a time)
     */
    public record Report(List<Window> windows, int distinctTests, double herdSeconds, long herdWallNanos) {
        public List<Window> disagreements() {
            return windows.stream().filter(w -> !w.agrees()).toList();
        }
    }

    /**
     * Runs herd7 on every test of {@code exports} (in {@code work}, a folder this call may fill and leaves as it found
     * it) and compares.
     */
    public static Report run(Herd7 herd7, List<Litmus.Export> exports, Path work, long timeoutSeconds)
            throws Herd7.Herd7Exception, IOException {
        record Key(String arch, String body) {
        }
        Map<Key, String> names = new LinkedHashMap<>();
        for (Litmus.Export x : exports) {
            for (LitmusTest t : x.tests()) names.computeIfAbsent(new Key(t.arch(), t.body()), k -> "t" + names.size());
        }
        Map<String, Herd7.Result> results = new java.util.concurrent.ConcurrentHashMap<>();
        List<Path> written = new ArrayList<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Map<String, Herd7.Result>>> runs = new ArrayList<>();
            for (String arch : List.of("AArch64", "X86_64")) {
                List<Map.Entry<Key, String>> mine = names.entrySet().stream().filter(e -> e.getKey().arch().equals(arch)).toList();
                if (mine.isEmpty()) continue;
                // round robin, so that the few slow tests (the longest windows) spread over the processes
                int batches = Math.max(Math.min(threads, mine.size()), (mine.size() + BATCH - 1) / BATCH);
                for (int b = 0; b < batches; b++) {
                    List<Path> files = new ArrayList<>();
                    List<String> batchNames = new ArrayList<>();
                    for (int i = b; i < mine.size(); i += batches) {
                        Map.Entry<Key, String> e = mine.get(i);
                        Path f = work.resolve(e.getValue() + ".litmus");
                        Files.writeString(f, arch + " " + e.getValue() + "\n" + e.getKey().body(), StandardCharsets.UTF_8);
                        written.add(f);
                        files.add(f);
                        batchNames.add(e.getValue());
                    }
                    String cat = arch.equals("AArch64") ? "aarch64.cat" : "x86tso-mixed.cat";
                    runs.add(pool.submit(() -> herd7.run(cat, files, batchNames, timeoutSeconds)));
                }
            }
            for (var r : runs) results.putAll(r.get());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Herd7.Herd7Exception h) throw h;
            if (e.getCause() instanceof IOException io) throw io;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Herd7.Herd7Exception("interrupted while herd7 ran");
        } finally {
            pool.shutdownNow();
            for (Path f : written) Files.deleteIfExists(f);
        }
        long wall = System.nanoTime() - t0;
        double herdSeconds = 0;
        for (String n : names.values()) herdSeconds += results.get(n).seconds();
        List<Window> out = new ArrayList<>();
        for (Litmus.Export x : exports) {
            Plan p = x.plan();
            TableInit tables = TableInit.of(new Oracle(p.format(), p.current(), p.target()));
            for (LitmusTest t : x.tests()) {
                Herd7.Result r = results.get(names.get(new Key(t.arch(), t.body())));
                Set<Outcome> herd = new TreeSet<>();
                for (Map<String, Long> s : r.states()) herd.add(t.outcome(s, tables));
                Set<Outcome> missing = new TreeSet<>(t.expected());
                missing.removeAll(herd);
                Set<Outcome> extra = new TreeSet<>(herd);
                extra.removeAll(t.expected());
                out.add(new Window(x, t, missing, extra, r.seconds()));
            }
        }
        return new Report(out, names.size(), herdSeconds, wall);
    }
}
