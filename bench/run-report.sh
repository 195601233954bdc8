#!/usr/bin/env bash
# Runs a set of JMH benchmarks from the shaded jar with settings that fit a 2-core machine, then turns JMH's JSON
# into bench/reports/NAME/report.md and PNG charts (dev.hitless.bench.report.Report). See docs/bench.md.
#
#   bench/run-report.sh [--quick] [--name NAME] [REGEX ...] [-- JMH-OPTIONS ...]
#
#   --quick      1 fork, 1 warm-up x 500 ms, 5 measurements x 300 ms per benchmark
#   default      1 fork, 2 warm-ups x 1 s, 10 measurements x 300 ms
#                (the measured time of 3 x 1 s and 3 x 500 ms before, cut into more iterations: the errors and the
#                ratios' intervals come from the iterations' spread, and with 3 the t quantile alone is 31.6 at 99.9%)
#   --name NAME  output directory bench/reports/NAME (default: a timestamp)
#   REGEX        JMH benchmark selection (default: all benchmarks)
#   after --     passed to JMH as they are, e.g. -- -p sync=0,1000 -p transition=vtd-fl-samedid; -f, -wi, -w, -i
#                and -r there replace the settings above
#
# Exit status: non-zero when the build, any benchmark (-foe true) or the report fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$root/bench/target/benchmarks.jar

quick=false
name=
regexes=()
jmh_extra=()
while (($#)); do
    case $1 in
        --quick) quick=true; shift ;;
        --name) name=${2:?--name needs a value}; shift 2 ;;
        --) shift; jmh_extra=("$@"); break ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run-report: unknown option $1 (JMH options go after --)" >&2; exit 2 ;;
        *) regexes+=("$1"); shift ;;
    esac
done
name=${name:-$(date +%Y%m%d-%H%M%S)}
out=$root/bench/reports/$name

jdk=$(bash "$root/.mvn/find-jdk") || exit 1
java=$jdk/bin/java

if [[ ! -f $jar ]] || [[ -n $(find "$root/bench/src/main" "$root/core/src/main" "$root/bench/pom.xml" -newer "$jar" -print -quit) ]]; then
    echo "run-report: building $jar ..." >&2
    (cd "$root" && mvn -q -B -DskipTests -pl core,bench -am package) >&2 \
        || { echo "run-report: build failed (run 'mvn -B -pl core,bench -am package' for the log)" >&2; exit 1; }
fi

if $quick; then
    defaults=(-f 1 -wi 1 -w 500ms -i 5 -r 300ms)
else
    defaults=(-f 1 -wi 2 -w 1s -i 10 -r 300ms)
fi
# JMH refuses an option given twice: one given after -- replaces its default here.
settings=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
    opt=${defaults[k]}
    given=false
    for x in "${jmh_extra[@]}"; do [[ $x == "$opt" ]] && given=true; done
    $given || settings+=("$opt" "${defaults[k + 1]}")
done

mkdir -p "$out"
json=$out/results.json
rm -f "$json"
cmd=("$java" --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true -jar "$jar"
     "${regexes[@]}" "${settings[@]}" -foe true -rf json -rff "$json" "${jmh_extra[@]}")
echo "run-report: ${cmd[*]}" >&2
# JMH exits non-zero when a benchmark throws (-foe true) or no benchmark matches.
set +e
"${cmd[@]}" | tee "$out/jmh.log"
status=${PIPESTATUS[0]}
set -e
if ((status != 0)); then
    echo "run-report: JMH failed with exit status $status (log: $out/jmh.log)" >&2
    exit "$status"
fi
[[ -s $json ]] || { echo "run-report: JMH wrote no results to $json" >&2; exit 1; }

# Quote the command as it was typed, relative to the repository, for the report header.
typed="bench/run-report.sh"
$quick && typed+=" --quick"
typed+=" --name $name"
((${#regexes[@]})) && typed+=" ${regexes[*]}"
((${#jmh_extra[@]})) && typed+=" -- ${jmh_extra[*]}"
machine="$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)), $(uname -sr), shared with other builds"

# A run of all benchmarks must report on all four: the report refuses results that lack one (or a parameter,
# counter or method it reads) instead of leaving a section out.
expect=()
((${#regexes[@]})) || expect=(--expect ReplaceBench,ReplaceUnderFetchBench,AttachBench,MachineryBench)
"$java" -Djava.awt.headless=true -cp "$jar" dev.hitless.bench.report.Report "$json" "$out" \
    --title "hitless benchmarks: $name" --command "$typed" --machine "$machine" "${expect[@]}"
echo "run-report: report in ${out#$root/}/report.md" >&2
