#!/usr/bin/env bash
# Re-runs the tiny OpenSTA experiments whose numbers are recorded in ../OPENSTA_NOTES.md.
# Usage: run_tiny.sh [NANGATE45.lib] [OSU018.lib]
#   defaults: /work/shared/pdk/nangate45_typ.lib.gz gunzipped to a temp file, and
#             /usr/share/qflow/tech/osu018/osu018_stdcells.lib
# Prints, per library and tiny netlist, arrival times in ns (6 decimals) from OpenSTA 2.0.17,
# for every (input transition -> output transition) pair; "none" = no path.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
NG=${1:-}
if [ -z "$NG" ]; then zcat /work/shared/pdk/nangate45_typ.lib.gz > "$TMP/ng45.lib"; NG=$TMP/ng45.lib; fi
OSU=${2:-/usr/share/qflow/tech/osu018/osu018_stdcells.lib}
STA=${STA:-sta}

cat > "$TMP/harness.tcl" <<'TCL'
# needs LIB NET TOP DFF set; boundary as in sta_sweep.sh
read_liberty $LIB
read_verilog $NET
link_design $TOP
set dff_d [[get_lib_cells */$DFF] find_liberty_port D]
set dcap [format %.9g [sta::capacitance_sta_ui [$dff_d capacitance rise max]]]
set_driving_cell -lib_cell $DFF -pin Q [all_inputs]
set_load $dcap [all_outputs]
set_load 0 [get_nets *]
proc arr {args} {
  set paths [eval find_timing_paths -unconstrained -group_count 1 -endpoint_count 1 $args]
  if {[llength $paths] == 0} { return "none" }
  return [format %.6f [expr {[[lindex $paths 0] data_arrival_time] * 1e9}]]
}
proc grid {from to} {
  set s "$from->$to"
  foreach ft {rise fall} { foreach tt {rise fall} {
    append s " [string index $ft 0][string index $tt 0]=[arr -${ft}_from [get_ports $from] -${tt}_to [get_ports $to]]"
  }}
  return $s
}
TCL

run() { # lib-tag lib file top dff body
  local tag=$1 lib=$2 file=$3 top=$4 dff=$5 body=$6
  { echo "set LIB {$lib}; set NET {$HERE/$file}; set TOP $top; set DFF $dff"
    echo "source {$TMP/harness.tcl}"
    echo "$body"; } > "$TMP/run.tcl"
  echo "### $tag $file"
  "$STA" -no_splash -exit "$TMP/run.tcl" 2>&1
}

for L in nangate45 osu018; do
  if [ $L = nangate45 ]; then LIB=$NG; DFF=DFF_X1; U3=u3/ZN; else LIB=$OSU; DFF=DFFPOSX1; U3=u3/Y; fi
  run $L "$LIB" inv3_$L.v inv3 $DFF '
puts "dcap=$dcap"
puts [grid in out]
report_checks -unconstrained -fields {cap slew} -digits 6 -rise_to out -format full
report_checks -unconstrained -fields {cap slew} -digits 6 -fall_to out -format full'
  run $L "$LIB" xor_$L.v xor1 $DFF '
puts "nocase [grid a z]"
set_case_analysis 0 [get_ports b]
puts "b=0    [grid a z]"
set_case_analysis 1 [get_ports b]
puts "b=1    [grid a z]"'
  run $L "$LIB" nand_const_$L.v nand_const $DFF '
foreach tag {nocase b=0 b=1} {
  if {$tag == "b=0"} { set_case_analysis 0 [get_ports b] }
  if {$tag == "b=1"} { set_case_analysis 1 [get_ports b] }
  puts "$tag [grid a y]"
  puts "$tag [grid b y]"
  puts "$tag [grid a z]"
  puts "$tag [grid c z]"
  puts "$tag worst y=[arr -to [get_ports y]] z=[arr -to [get_ports z]]"
}'
  run $L "$LIB" slew_merge_$L.v slew_merge $DFF "
puts \"nocase [grid a out]\"
puts \"nocase [grid b out]\"
report_checks -unconstrained -fields {slew} -digits 6 -from b -rise_to out -format full
set_case_analysis 1 [get_ports a]
puts \"a=1    [grid b out]\"
report_checks -unconstrained -fields {slew} -digits 6 -from b -rise_to out -format full"
done

run nangate45 "$NG" const3v_nangate45.v aoi DFF_X1 '
set_case_analysis 1 [get_ports b1]
set_case_analysis 1 [get_ports b2]
puts "u1/ZN=[sta::pin_sim_logic_value [get_pins u1/ZN]] u3/Z=[sta::pin_sim_logic_value [get_pins u3/Z]]"
puts "worst z=[arr -to [get_ports z]] zx=[arr -to [get_ports zx]]"'
