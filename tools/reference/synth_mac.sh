#!/usr/bin/env bash
# Synthesize the behavioural MAC (mac8.v) to a Liberty cell library with Yosys.
# Usage: synth_mac.sh LIB.lib OUT.v [fused|registered]
#   fused      -> top mac8  (y = acc + w*a, one combinational stage)
#   registered -> top mul8  (p = w*a, the multiplier stage of a MAC whose product is registered)
# LIB.lib must be uncompressed (Yosys 0.23 cannot read .lib.gz).
# Output: flat structural Verilog (only library cell instances + plain assigns).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 LIB.lib OUT.v [fused|registered]" >&2; exit 2
fi
LIB=$(readlink -f "$1")
OUT=$2
VARIANT=${3:-fused}
HERE=$(cd "$(dirname "$0")" && pwd)
case "$VARIANT" in
  fused) TOP=mac8 ;;
  registered) TOP=mul8 ;;
  *) echo "variant must be fused or registered" >&2; exit 2 ;;
esac
YOSYS=${YOSYS:-yosys}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
"$YOSYS" -q -l "$LOG" -p "
read_liberty -lib $LIB
read_verilog $HERE/mac8.v
hierarchy -check -top $TOP
synth -flatten -top $TOP
dfflibmap -liberty $LIB
abc -liberty $LIB
opt_clean -purge
setundef -zero
opt_clean -purge
stat -liberty $LIB
check -assert
select -assert-none t:\$*
write_verilog -noattr -noexpr -nohex -nodec $OUT
" >/dev/null
# belt and braces: no instance of a yosys internal cell type (\$... or $_..._) in the output
if grep -Eq '^\s*\\?\$[A-Za-z_]' "$OUT"; then
  echo "error: yosys internal cells left in $OUT" >&2
  grep -En '^\s*\\?\$[A-Za-z_]' "$OUT" | head >&2
  exit 1
fi
# print the cell statistics (area per library) to stderr
awk '/Printing statistics/{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$LOG" | grep -E 'Number of cells|Chip area|^\s+[A-Za-z0-9_]+\s+[0-9]+$' >&2 || true
