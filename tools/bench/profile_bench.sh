#!/usr/bin/env bash
# Benchmarks of the layer profile (mains in module objectives, not tests), each printing wall and CPU
# time with the machine's load average beside:
#   quant   QuantBench: kernel throughput in weights/s/core (one option, and the batch of the default
#           grid's codebook options), then a MiniLM-shaped model (36 layers x 26 options, unsampled) x3
#   sample  SampleCheck: sampled vs full proxy on 5 synthetic LLaMA-2-7B layers, interval coverage over seeds
#   llama   ProfileBench: the sampled profile of the synthetic LLaMA-2-7B (224 layers x 26 options)
# Usage: tools/bench/profile_bench.sh quant [threads] | sample [layers=5] [rows=768] [seeds=8] | llama [layers=all] [threads] [rows=768]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$HERE/bin/find-jdk.sh"
"$HERE/halo" --version >/dev/null   # build first, outside the timings
CP="$(ls "$HERE"/studies/target/studies-*.jar | head -1):$HERE/studies/target/lib/*"
what="${1:-quant}"; shift || true
case "$what" in
  quant)  exec "$JAVA_HOME/bin/java" -cp "$CP" org.halodse.objectives.quant.QuantBench "$@" ;;
  sample) exec "$JAVA_HOME/bin/java" -cp "$CP" org.halodse.objectives.profile.SampleCheck "${1:-5}" "${2:-768}" "${3:-8}" ;;
  llama)  exec "$JAVA_HOME/bin/java" -cp "$CP" org.halodse.objectives.profile.ProfileBench llama2-7b "${1:-all}" "${2:-$(nproc)}" "${3:-768}" ;;
  *) echo "usage: $0 quant|sample|llama ..." >&2; exit 2 ;;
esac
