#!/usr/bin/env bash
# Reference per-weight critical-path sweep with OpenSTA (tested with OpenSTA 2.0.17).
#
# Usage: sta_sweep.sh LIB.lib NETLIST.v TOP DFFCELL WEIGHTPORT WBITS
#   LIB.lib     uncompressed Liberty file (OpenSTA 2.0.17 cannot read .lib.gz)
#   NETLIST.v   flat structural Verilog (e.g. from synth_mac.sh)
#   TOP         top module name
#   DFFCELL     flip-flop cell used for the boundary: DFF_X1 (NanGate45), DFFPOSX1 (OSU018)
#   WEIGHTPORT  name of the weight bus port (bits WEIGHTPORT[0..WBITS-1])
#   WBITS       weight width; w runs over -2^(WBITS-1) .. 2^(WBITS-1)-1 (two's complement)
#
# Output on stdout (times in ps, 3 decimals):
#   none,<worst arrival without case analysis>
#   <w>,<worst arrival with the weight bits held at w by set_case_analysis>   (one line per w)
# A w for which no output can switch (every output constant) prints <w>,0.000.
#
# Boundary conditions: every input port driven by set_driving_cell -lib_cell DFFCELL -pin Q
# (input slew of the CK->Q arc 0), every output port set_load = DFFCELL/D capacitance
# (rise value, = the `capacitance` attribute in both libraries), no clocks, unconstrained paths,
# no parasitics and NO wire-load model: OpenSTA 2.0.17 applies the library's default_wire_load
# (NanGate45: 5K_hvratio_1_1) unless told otherwise; `set_load 0 [get_nets *]` annotates a zero
# wire capacitance on every net, which replaces the wire-load estimate (see OPENSTA_NOTES.md).
#
# Env: STA (default: sta), STA_TCL (if set, the generated TCL script is kept at that path),
#      STA_TO (TCL for the endpoints, default [all_outputs]; e.g. [get_pins -hierarchical prod_reg_*/D]
#      for the multiplier stage of a MAC whose product is registered).
set -euo pipefail
if [ $# -ne 6 ]; then
  echo "usage: $0 LIB.lib NETLIST.v TOP DFFCELL WEIGHTPORT WBITS" >&2; exit 2
fi
LIB=$(readlink -f "$1"); NET=$(readlink -f "$2"); TOP=$3; DFF=$4; WPORT=$5; WBITS=$6
case "$LIB" in *.gz) echo "error: gunzip the Liberty file first" >&2; exit 2 ;; esac
STA=${STA:-sta}
STA_TO=${STA_TO:-[all_outputs]}
TCL=${STA_TCL:-$(mktemp --suffix=.tcl)}
[ -n "${STA_TCL:-}" ] || trap 'rm -f "$TCL"' EXIT

cat > "$TCL" <<EOF
read_liberty {$LIB}
read_verilog {$NET}
link_design {$TOP}

# boundary: inputs driven like a flip-flop output, outputs loaded like a flip-flop input
set dff_cell [get_lib_cells */$DFF]
if {\$dff_cell == ""} { puts stderr "no lib cell $DFF"; exit 1 }
set dff_d [\$dff_cell find_liberty_port D]
set dcap [format %.9g [sta::capacitance_sta_ui [\$dff_d capacitance rise max]]]
set_driving_cell -lib_cell $DFF -pin Q [all_inputs]
set_load \$dcap [all_outputs]
# no wire-load model: zero wire cap on every net overrides the library default_wire_load
set_load 0 [get_nets *]

set n_out [llength [get_ports -quiet [all_outputs]]]
proc worst_arrival_ps {} {
  global n_out
  # one path end per output (its worst rise/fall), max over the outputs: -to [all_outputs], because
  # OpenSTA also reports pins that feed a cell made constant by case analysis as dead-end
  # "endpoints", and a signal that dies at a constant gate does not bound the clock
  set worst 0.0
  foreach pe [find_timing_paths -unconstrained -to $STA_TO -group_count [expr {4 * \$n_out + 10}] -endpoint_count 1] {
    set t [\$pe data_arrival_time]
    if {\$t > \$worst} { set worst \$t }
  }
  return [format %.3f [expr {\$worst * 1e12}]]
}

set wbits $WBITS
set wpins {}
for {set i 0} {\$i < \$wbits} {incr i} {
  set pin [get_ports -quiet [format {%s[%d]} $WPORT \$i]]
  if {\$pin == ""} { puts stderr "no port $WPORT\[\$i\]"; exit 1 }
  lappend wpins \$pin
}

puts "none,[worst_arrival_ps]"
set half [expr {1 << (\$wbits - 1)}]
for {set w [expr {-\$half}]} {\$w < \$half} {incr w} {
  set u [expr {\$w & ((1 << \$wbits) - 1)}]
  for {set i 0} {\$i < \$wbits} {incr i} {
    set_case_analysis [expr {(\$u >> \$i) & 1}] [lindex \$wpins \$i]
  }
  puts "\$w,[worst_arrival_ps]"
}
EOF
"$STA" -no_splash -exit "$TCL"
