#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 from the jars ./halo runs with (no Spark install needed):
# a master and N workers (1 core, 1 GB each) as background JVMs, for benchmarks and trying
# --master by hand. Usage: loopback-cluster.sh start [N] | stop. Prints the master URL.
# State and logs in ${HALO_CLUSTER_DIR:-/tmp/halo-loopback-cluster}.
set -euo pipefail
HALO_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$HALO_HOME/bin/find-jdk.sh"
DIR="${HALO_CLUSTER_DIR:-/tmp/halo-loopback-cluster}"
PORT="${HALO_CLUSTER_PORT:-7177}"
# the same JDK opens as ./halo (Spark's JavaModuleOptions, less what JDK 25 lacks)
OPTS="$(sed -n 's/^SPARK_OPTS="\(.*\)"$/\1/p' "$HALO_HOME/halo")"
case "${1:-}" in
  start)
    n="${2:-2}"
    "$HALO_HOME/halo" --version >/dev/null   # builds what is stale
    mkdir -p "$DIR/spark-home/jars"
    echo "halo loopback cluster: Spark from scaleout/target/lib" > "$DIR/spark-home/RELEASE"
    CP="$(ls "$HALO_HOME"/scaleout/target/scaleout-*.jar | head -1):$HALO_HOME/scaleout/target/lib/*"
    export SPARK_HOME="$DIR/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
    # shellcheck disable=SC2086
    nohup "$JAVA_HOME/bin/java" $OPTS -Xmx256m -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 \
      >"$DIR/master.log" 2>&1 & echo $! > "$DIR/master.pid"
    for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.3; done
    for i in $(seq 1 "$n"); do
      mkdir -p "$DIR/work-$i"
      # shellcheck disable=SC2086
      nohup "$JAVA_HOME/bin/java" $OPTS -Xmx256m -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
        --webui-port 0 --work-dir "$DIR/work-$i" "spark://127.0.0.1:$PORT" >"$DIR/worker-$i.log" 2>&1 & echo $! > "$DIR/worker-$i.pid"
    done
    echo "spark://127.0.0.1:$PORT"
    ;;
  stop)
    for f in "$DIR"/*.pid; do [[ -f "$f" ]] && { pkill -P "$(cat "$f")" 2>/dev/null || true; kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; }; done
    ;;
  *) echo "usage: $0 start [WORKERS] | stop" >&2; exit 2 ;;
esac
