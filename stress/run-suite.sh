#!/usr/bin/env bash
# Runs one jcstress suite through the stress gate and writes, under the output directory, jcstress's HTML report
# (results/index.html), its log (jcstress.log) and the gate's summary (summary.json, summary.txt). See docs/stress.md.
#
#   stress/run-suite.sh SUITE [MODE] [--filter REGEX] [--shard I/N] [--out DIR] [-- JCSTRESS_ARGS...]
#   stress/run-suite.sh merge --out DIR SHARD_DIR...
#     SUITE  ci | showcase | generated | all
#     MODE   sanity | quick (default) | default | tough | stress   (jcstress 0.16 has no -tb time budget)
#     --shard I/N  only shard I of N (balanced by expected time); merge the N output directories with `merge`
#   e.g.  stress/run-suite.sh ci
#         stress/run-suite.sh generated quick --filter vtdpasid -- -sc false
#         stress/run-suite.sh generated quick --shard 2/8 --out shards/2 -- -sc false
#         stress/run-suite.sh merge --out stress/target/stress-merged shards/*
#
# Exit code: 0 every test passed, 1 the gate failed (FORBIDDEN outcome, FATAL, missing tests, undetected tear),
# 2 bad input (arguments, no JDK 25, no matching test, a bad shard, shards that are not one whole run). Builds
# stress/target/jcstress.jar when it is missing or older than a source of core or stress.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$root/stress/target/jcstress.jar

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
suite=$1
shift
if [[ $suite == merge ]]; then
    gate_args=(merge "$@")
else
    mode=quick
    if [[ $# -gt 0 && $1 != -* ]]; then
        mode=$1
        shift
    fi
    out=$root/stress/target/stress-$suite
    args=()
    while [[ $# -gt 0 ]]; do
        case $1 in
            --out) out=${2:?--out needs a directory}; shift 2 ;;
            *) args+=("$1"); shift ;;
        esac
    done
    gate_args=(run --suite "$suite" --mode "$mode" --out "$out" "${args[@]}")
fi

# A JDK 17 java would run the jar, fail every fork and still exit 0: insist on JDK 25+.
jdk=$(bash "$root/.mvn/find-jdk") || exit 2

# Rebuild when a source is newer than the jar: a stale jar would race the old tests (and plan the old suite).
if [[ ! -f $jar ]] || [[ -n $(find "$root/core/src/main" "$root/stress/src/main" "$root/stress/pom.xml" -newer "$jar" -print -quit) ]]; then
    echo "run-suite: building $jar ..." >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2 || { echo "run-suite: build failed" >&2; exit 2; }
fi

exec "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.hitless.stress.gate.Gate "${gate_args[@]}"
