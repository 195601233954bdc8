#!/usr/bin/env bash
# Runs the hostile-input corpus of issue 19 (core/src/test/java/dev/hitless/hostile/HostileCorpus.java): a few
# thousand inputs against every command, each checked for no exit 3, no run over its documented limit and no output
# created, replaced or left behind by a failing run. Prints the counts per outcome; exit 0 when there is no
# violation, 1 when there is one. See docs/hostile-input.md.
#
#   core/run-hostile-corpus.sh [--only GROUP] [--every N]
#     GROUP  options | plans | attach | specs | outputs | c | process
#     N      run every Nth case only (a quick look)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jdk=$(bash "$root/.mvn/find-jdk") || exit 1
cd "$root"
cp_file=core/target/hostile-corpus.classpath
# test classes (the corpus) and the shim resources c-check needs; never 'install' (the local repository is shared)
mvn -q -B -Dstyle.color=never -pl core -am test-compile
mvn -q -B -Dstyle.color=never -pl core dependency:build-classpath -Dmdep.outputFile="$root/$cp_file" -Dmdep.includeScope=test
exec "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -cp "core/target/test-classes:core/target/classes:$(cat "$cp_file")" \
    dev.hitless.hostile.HostileCorpus "$@"
