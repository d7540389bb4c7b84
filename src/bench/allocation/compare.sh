#!/usr/bin/env bash
# The allocation benchmark (AllocationBenchmark, ours and Kafka's uniform assignor) of two commits
# side by side: each commit is built in a detached worktree of its own, then their JMH runs take
# turns, one scenario at a time (old, new for one scenario, then the next; the order flips every
# round), with the same JMH arguments. On a shared machine whose load drifts, only figures taken
# close together compare, so both sides of every pair see about the same load, and Kafka's figure
# in each run is the yardstick that tells a slower commit from a busier minute.
#
#   bash src/bench/allocation/compare.sh OLD NEW          # e.g. 7e7a5d9 HEAD
#   STAT=p0.00 bash src/bench/allocation/compare.sh --summary DIR/results-...   # tables again
#
# Knobs: ROUNDS (3), SCENARIOS (the four scenarios of 100 000 partitions over 1 000 workers),
# SUBJECTS (GOX_HELIX,KAFKA_UNIFORM; both commits must have them), JMH_ARGS
# ("-f 1 -wi 3 -i 5 -w 1s -r 1s"), DIR (/tmp/gox-allocation-compare: worktrees and results), STAT
# (empty: JMH's score; or the name of a secondary result to compare instead, e.g. p0.50 with
# JMH_ARGS="... -bm sample", the median, which a loaded machine's preemptions move far less than
# the mean, or gc.alloc.rate.norm with "... -prof gc", bytes per operation, which load does not move).
# Nothing is committed: the worktrees are detached, and left in DIR to be reused by the next run
# (remove one with `git worktree remove DIR/<commit>`).
set -euo pipefail
export LC_ALL=C # decimal points in JMH's CSV
cd "$(dirname "$0")/../../.."
[ $# -eq 2 ] || { echo "usage: $0 OLD NEW (two commits) | --summary RESULTS" >&2; exit 2; }

ROUNDS=${ROUNDS:-3}
SCENARIOS=${SCENARIOS:-COLD_10x10000_W1000 COLD_1x100000_W1000 LEAVE_10x10000_W1000 LEAVE_1x100000_W1000}
SUBJECTS=${SUBJECTS:-GOX_HELIX,KAFKA_UNIFORM}
JMH_ARGS=${JMH_ARGS:--f 1 -wi 3 -i 5 -w 1s -r 1s}
DIR=${DIR:-/tmp/gox-allocation-compare}
STAT=${STAT:-}
mkdir -p "$DIR"

prepare() { # commit; prints the path of its built worktree
  local sha tree
  sha=$(git rev-parse --short=12 "$1^{commit}")
  tree=$DIR/$sha
  [ -d "$tree" ] || git worktree add --detach "$tree" "$sha" >&2
  if [ ! -f "$tree/target/bench-classpath.txt" ]; then
    # Checks are skipped: an old commit is measured as it was, not held to today's rules.
    (cd "$tree" && ./mvnw -B -q -Pbench test-compile -Dcheckstyle.skip -Dspotless.check.skip=true >&2 \
      && ./mvnw -B -q -Pbench dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile=target/bench-classpath.txt >&2)
  fi
  echo "$tree"
}

if [ "$1" = --summary ]; then
  RESULTS=$2
  LISTED=$(sed -n 's/^scenarios //p' "$RESULTS/setup.txt")
  SCENARIOS=${LISTED:-$SCENARIOS}
else
  OLD_TREE=$(prepare "$1")
  NEW_TREE=$(prepare "$2")
  RESULTS=$DIR/results-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$RESULTS"
  {
    echo "old $1 = $(git rev-parse --short=12 "$1^{commit}")"
    echo "new $2 = $(git rev-parse --short=12 "$2^{commit}")"
    echo "rounds $ROUNDS, subjects $SUBJECTS, JMH $JMH_ARGS, figure ${STAT:-score}"
    echo "scenarios $SCENARIOS"
  } | tee "$RESULTS/setup.txt"

  run() { # side (old | new), tree, scenario, round
    local name=$RESULTS/r$4-$3-$1
    echo "r$4 $3 $1 $(uptime)" | tee -a "$RESULTS/load.txt"
    # shellcheck disable=SC2086 # JMH_ARGS is a list of arguments
    java -cp "$2/target/test-classes:$2/target/classes:$(cat "$2/target/bench-classpath.txt")" \
      org.openjdk.jmh.Main $JMH_ARGS -p scenario="$3" -p subject="$SUBJECTS" \
      -rf csv -rff "$name.csv" io.goxhelix.bench.AllocationBenchmark > "$name.log" 2>&1 \
      || { echo "JMH failed, see $name.log" >&2; exit 1; }
  }

  for round in $(seq 1 "$ROUNDS"); do
    for scenario in $SCENARIOS; do
      if [ $((round % 2)) -eq 1 ]; then
        run old "$OLD_TREE" "$scenario" "$round"
        run new "$NEW_TREE" "$scenario" "$round"
      else
        run new "$NEW_TREE" "$scenario" "$round"
        run old "$OLD_TREE" "$scenario" "$round"
      fi
    done
  done
  echo "r- end $(uptime)" >> "$RESULTS/load.txt"
fi

# One line per (round, scenario): both sides' scores, new / old, and Kafka / ours of each side's
# own run, in JMH's unit for the figure; then per scenario the means over the rounds and the
# geometric mean of new / old.
awk -F, -v scenarios="$SCENARIOS" -v stat="$STAT" '
  FNR == 1 { np = split(FILENAME, p, "/"); n = split(p[np], f, "-"); side = f[n]; sub(/\.csv$/, "", side)
             round = substr(f[1], 2) + 0; if (round > rounds) rounds = round; next }
  { gsub(/["\r]/, "") }
  # The row of the score names the benchmark alone, that of a secondary result adds ":name".
  (stat == "" && $1 !~ /:/) || (stat != "" && $1 ~ (":" stat "$")) { s[round, $8, side, $9] = $5; unit = $7 }
  END {
    nc = split(scenarios, scen, " ")
    printf "%s, %s\n\n", stat == "" ? "score" : stat, unit
    printf "| Round | Scenario | old | new | new / old | Kafka, old run | Kafka / old | Kafka, new run | Kafka / new |\n"
    printf "|---:|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for (r = 1; r <= rounds; r++) for (i = 1; i <= nc; i++) {
      c = scen[i]; o = s[r, c, "old", "GOX_HELIX"]; w = s[r, c, "new", "GOX_HELIX"]
      ko = s[r, c, "old", "KAFKA_UNIFORM"]; kw = s[r, c, "new", "KAFKA_UNIFORM"]
      if (o == "" || w == "") continue
      printf "| %s | %s | %.3f | %.3f | %.2f | %.3f | %.1f | %.3f | %.1f |\n", r, c, o, w, w / o, ko, ko / o, kw, kw / w
      so[c] += o; sw[c] += w; sko[c] += ko; skw[c] += kw; lg[c] += log(w / o); k[c]++
    }
    printf "\n| Scenario | old, mean | new, mean | new / old, geometric mean | Kafka / old | Kafka / new |\n"
    printf "|---|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= nc; i++) if ((c = scen[i]) in k)
      printf "| %s | %.3f | %.3f | %.2f | %.1f | %.1f |\n", c, so[c] / k[c], sw[c] / k[c], exp(lg[c] / k[c]),
        sko[c] / so[c], skw[c] / sw[c]
  }' "$RESULTS"/r*.csv | tee "$RESULTS/summary${STAT:+-$STAT}.md"

awk '{ sub(/.*load average: /, ""); split($0, a, ", "); l = a[1] + 0
       if (min == "" || l < min) min = l; if (l > max) max = l }
     END { printf "load average (1 min), as each run started and at the end: %s to %s\n", min, max }' "$RESULTS/load.txt" \
  | tee -a "$RESULTS/summary${STAT:+-$STAT}.md"
