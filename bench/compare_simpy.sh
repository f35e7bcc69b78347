#!/usr/bin/env bash
# Runs the C++ benchmarks next to their SimPy 2.3.1 peers and prints the speed ratios.
#
# usage: bench/compare_simpy.sh [BUILD_DIR]      (default: build/release in this repository)
#
# Order: PHOLD at each pending-set size (C++ then SimPy), then the M/M/c dock (C++ then SimPy).
# The event/truck counts differ between C++ and SimPy on purpose: the rates are compared,
# and SimPy is ~100x slower, so equal counts would mean either a C++ run too short to time
# or a SimPy run of many minutes.
#
# Environment overrides (for quick runs):
#   PHOLD_SIZES             pending-set sizes                       (default "1000 1000000")
#   PHOLD_EVENTS            C++ PHOLD events, every size            (default 20000000)
#   SIMPY_PHOLD_EVENTS      SimPy PHOLD events below 1e6 pending    (default 2000000)
#   SIMPY_PHOLD_EVENTS_1M   SimPy PHOLD events at >= 1e6 pending    (default 1000000, ~30-60 s)
#   MMC_TRUCKS              C++ M/M/c trucks                        (default 5000000; keep it
#                           below ~9e6: at 3.6 trucks/h more trucks outrun the ~292 years
#                           chaintwin's int64-nanosecond clock can represent)
#   SIMPY_MMC_TRUCKS        SimPy M/M/c trucks                      (default 200000)
#   SIMPY_REPEAT            SimPy runs per case, best rate kept     (default 1)
# SIMPY_REPEAT > 1 guards the ratios against a SimPy run slowed by a busy machine: keeping
# SimPy's best run can only make the C++/SimPy ratios smaller.
#
# Exit status: 0 once everything ran, whether or not the targets were met (the table says);
# 1 if a program is missing, fails, or prints no RESULT line.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$root/build/release}
python=/usr/bin/python3

phold_sizes=${PHOLD_SIZES:-1000 1000000}
phold_events=${PHOLD_EVENTS:-20000000}
simpy_phold_events=${SIMPY_PHOLD_EVENTS:-2000000}
simpy_phold_events_1m=${SIMPY_PHOLD_EVENTS_1M:-1000000}
mmc_trucks=${MMC_TRUCKS:-5000000}
simpy_mmc_trucks=${SIMPY_MMC_TRUCKS:-200000}
simpy_repeat=${SIMPY_REPEAT:-1}
mmc_args=(--servers 4 --arrival-rate 3.6 --service-rate 1.0)

die() { echo "compare_simpy.sh: $*" >&2; exit 1; }

for prog in phold mmc; do
  [[ -x $build_dir/bench/$prog ]] ||
    die "$build_dir/bench/$prog not found; build first: cmake --preset release && cmake --build --preset release"
done
[[ -x $python ]] || die "$python not found (apt-get install python3 python3-simpy)"
"$python" -c 'import SimPy.Simulation' 2>/dev/null || die "SimPy 2 missing: apt-get install python3-simpy"
for n in $phold_sizes $phold_events $simpy_phold_events $simpy_phold_events_1m $mmc_trucks \
         $simpy_mmc_trucks $simpy_repeat; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "counts must be positive integers, got '$n'"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/compare_simpy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run FILE CMD...: show everything CMD prints, keep its RESULT lines in FILE.
run() {
  local file=$1; shift
  echo "+ $*"
  "$@" | tee "$tmp/out" || die "failed (exit status ${PIPESTATUS[0]}): $*"
  grep '^RESULT ' "$tmp/out" >>"$file" || die "no RESULT line from: $*"
}

for n in $phold_sizes; do
  run "$tmp/phold_$n" "$build_dir/bench/phold" --pending "$n" --events "$phold_events"
  e=$simpy_phold_events
  ((n >= 1000000)) && e=$simpy_phold_events_1m
  for ((i = 0; i < simpy_repeat; i++)); do
    run "$tmp/phold_$n" "$python" "$root/bench/simpy/phold.py" --pending "$n" --events "$e"
  done
done
run "$tmp/mmc" "$build_dir/bench/mmc" "${mmc_args[@]}" --trucks "$mmc_trucks"
for ((i = 0; i < simpy_repeat; i++)); do
  run "$tmp/mmc" "$python" "$root/bench/simpy/mmc.py" "${mmc_args[@]}" --trucks "$simpy_mmc_trucks"
done

# report FILE TITLE LABEL METRIC UNIT ABS_TARGET RATIO_TARGET: one table section. A target
# of 0 means none. Each implementation keeps its best rate. Targets are marked for every
# engine implementation; std_* rows are bench/phold's own in-process reference loops, not
# the engine, so they get a ratio but no verdict. The best engine row goes to the summary.
report() {
  awk -v title="$2" -v label="$3" -v metric="$4" -v unit="$5" -v abs_t="$6" -v ratio_t="$7" \
      -v summary="$tmp/summary" '
    function val(k,   i) {
      for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2)
      return ""
    }
    function human(r) { return r >= 1e6 ? sprintf("%8.2f M", r / 1e6) : sprintf("%8.3f M", r / 1e6) }
    function mark(ok) { return ok ? "met" : "MISSED" }
    $1 == "RESULT" {
      impl = val("impl"); r = val(metric) + 0
      if (!(impl in rate)) order[++n] = impl
      if (!(impl in rate) || r > rate[impl]) {
        rate[impl] = r; wait[impl] = val("mean_wait_h"); pwait[impl] = val("p_wait")
      }
    }
    END {
      print "\n" title
      if (!("simpy" in rate) || rate["simpy"] <= 0) { print "  no SimPy result"; exit 1 }
      s = rate["simpy"]; best = ""
      for (j = 1; j <= n; j++) {
        impl = order[j]
        if (impl == "simpy") continue
        line = sprintf("  %-18s %s %-9s %-36s", impl, human(rate[impl]), unit,
                       sprintf("%s / simpy = %.1fx", impl, rate[impl] / s))
        if (impl ~ /^std_/) line = line "  (reference loop, not the engine)"
        else {
          if (abs_t > 0) line = line sprintf("  [>= %g M: %s]", abs_t / 1e6, mark(rate[impl] >= abs_t))
          if (ratio_t > 0) line = line sprintf("  [>= %gx: %s]", ratio_t, mark(rate[impl] >= ratio_t * s))
          if (best == "" || rate[impl] > rate[best]) best = impl
        }
        if (wait[impl] != "") line = line sprintf("  wait %s h, P(wait) %s", wait[impl], pwait[impl])
        print line
      }
      line = sprintf("  %-18s %s %s", "simpy", human(s), unit)
      if (wait["simpy"] != "") line = line sprintf(" %-37s  wait %s h, P(wait) %s", "", wait["simpy"], pwait["simpy"])
      print line
      if (best == "") { print "  no chaintwin engine result"; exit 1 }
      if (abs_t > 0 || ratio_t > 0) {
        v = sprintf("%-13s best %s: %.2f M %s", label, best, rate[best] / 1e6, unit)
        if (abs_t > 0) v = v sprintf(" (>= %g M: %s)", abs_t / 1e6, mark(rate[best] >= abs_t))
        if (ratio_t > 0) v = v sprintf(", %.1fx SimPy (>= %gx: %s)", rate[best] / s, ratio_t, mark(rate[best] >= ratio_t * s))
        print v >> summary
      }
    }' "$1"
}

echo
echo "==================== chaintwin vs SimPy 2.3.1 ===================="
: >"$tmp/summary"
for n in $phold_sizes; do
  abs_t=0 ratio_t=0
  ((n == 1000)) && abs_t=30000000 ratio_t=40
  ((n == 1000000)) && abs_t=4000000 ratio_t=50
  e=$simpy_phold_events
  ((n >= 1000000)) && e=$simpy_phold_events_1m
  report "$tmp/phold_$n" "PHOLD, $n pending (C++ $phold_events events, SimPy $e)" "PHOLD $n" \
    events_per_s "events/s" "$abs_t" "$ratio_t" || die "PHOLD $n: incomplete results"
done
report "$tmp/mmc" "M/M/c dock, c=4 (C++ $mmc_trucks trucks, SimPy $simpy_mmc_trucks)" "M/M/c" \
  trucks_per_s "trucks/s" 0 70 || die "M/M/c: incomplete results"
# Analytic reference for the model check (Erlang C), from the parameters used above.
awk 'BEGIN {
  c = 4; lambda = 3.6; mu = 1.0; a = lambda / mu; s = 0; t = 1
  for (k = 0; k < c; k++) { s += t; t *= a / (k + 1) }
  t *= c / (c - a); p = t / (s + t)
  printf "  Erlang C   P(wait) %.4f, mean wait %.3f h (SimPy at 200000 trucks lands within ~5%%)\n", p, p / (c * mu - lambda)
}'

echo
echo "Targets: PHOLD >= 30 M events/s at 1e3 pending and >= 4 M at 1e6; >= 40x SimPy at 1e3, >= 50x at 1e6; M/M/c >= 70x SimPy in trucks/s."
sed 's/^/  /' "$tmp/summary"
