#!/usr/bin/env bash
# Benchmark: the 256-value weight sweep of an 8x8 MAC with a 24-bit accumulator, halo characterize
# against OpenSTA 2.0.17 on the same Yosys netlist and library. Prints the median of N runs:
#   OpenSTA whole run, OpenSTA read+link+setup alone, OpenSTA sweep (= whole - setup),
#   halo whole process, halo sweep (timing.sweepSeconds) and halo read (timing.readSeconds).
# Usage: tools/bench/characterize_vs_opensta.sh [osu018|nangate45-typ|FILE.lib] [runs=5]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIBARG="${1:-osu018}"; RUNS="${2:-5}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
case "$LIBARG" in
  osu018) LIB=/usr/share/qflow/tech/osu018/osu018_stdcells.lib; DFF=DFFPOSX1 ;;
  nangate45-*) SRC="${HALO_PDK_DIR:-$HERE/../shared/pdk}/nangate45_${LIBARG#nangate45-}.lib.gz"
               LIB="$WORK/lib.lib"; gunzip -c "$SRC" > "$LIB"; DFF=DFF_X1 ;;
  *) LIB="$LIBARG"; DFF="${DFF:-DFF_X1}" ;;
esac
"$HERE/tools/reference/synth_mac.sh" "$LIB" "$WORK/mac.v" fused 2>/dev/null
cat > "$WORK/setup.tcl" <<TCL
read_liberty {$LIB}
read_verilog {$WORK/mac.v}
link_design mac8
set_driving_cell -lib_cell $DFF -pin Q [all_inputs]
set_load 0.001 [all_outputs]
set_load 0 [get_nets *]
report_checks -unconstrained -to [all_outputs] -format end
TCL
"$HERE/halo" --version >/dev/null   # build first, outside the timings
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: > "$WORK/sta_whole"; : > "$WORK/sta_setup"; : > "$WORK/halo_whole"; : > "$WORK/halo_sweep"; : > "$WORK/halo_read"
for i in $(seq "$RUNS"); do
  t0=$(now); "$HERE/tools/reference/sta_sweep.sh" "$LIB" "$WORK/mac.v" mac8 "$DFF" w 8 > "$WORK/sta.csv"; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$WORK/sta_whole"
  t0=$(now); sta -no_splash -exit "$WORK/setup.tcl" > /dev/null; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$WORK/sta_setup"
  t0=$(now); "$HERE/halo" characterize --liberty "$LIBARG" --netlist "$WORK/mac.v" --top mac8 --weight-port w --format json --out "$WORK/h.json"; t1=$(now)
  echo "$t1 - $t0" | bc -l >> "$WORK/halo_whole"
  python3 -c "import json,sys; d=json.load(open('$WORK/h.json'))['timing']; print(d['sweepSeconds']); print(d['readSeconds'], file=sys.stderr)" >> "$WORK/halo_sweep" 2>> "$WORK/halo_read"
done
SW=$(median < "$WORK/sta_whole"); SS=$(median < "$WORK/sta_setup"); HW=$(median < "$WORK/halo_whole")
HS=$(median < "$WORK/halo_sweep"); HR=$(median < "$WORK/halo_read")
SSW=$(echo "$SW - $SS" | bc -l)
printf 'library %s, Yosys mac8 (%s cells), 256 weight values, median of %s runs\n' "$LIBARG" "$(grep -cE '^\s+[A-Za-z0-9_]+ +\\?[A-Za-z_0-9$.]+ *\(' "$WORK/mac.v")" "$RUNS"
printf '  OpenSTA whole run        %7.3f s\n' "$SW"
printf '  OpenSTA read+setup       %7.3f s\n' "$SS"
printf '  OpenSTA sweep            %7.3f s\n' "$SSW"
printf '  halo characterize whole  %7.3f s   (%.2fx faster than OpenSTA whole)\n' "$HW" "$(echo "$SW / $HW" | bc -l)"
printf '  halo read+setup          %7.3f s\n' "$HR"
printf '  halo sweep               %7.3f s   (%.1f%% of OpenSTA sweep; target <= 10%%)\n' "$HS" "$(echo "100 * $HS / $SSW" | bc -l)"
