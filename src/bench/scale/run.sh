#!/usr/bin/env bash
# Scale benchmarks of one packaged instance on loopback (targets 3 to 5 of the performance issue):
#
#   bash src/bench/scale/run.sh          # sse, then e2e (which ends with the statements at rest)
#   bash src/bench/scale/run.sh sse      # 10 000 assignment streams: RSS growth, fan-out latency
#   bash src/bench/scale/run.sh e2e      # 1 000 workers, 10 x 10 000 partitions; statements at rest
#
# Starts a private MariaDB server (the Debian binaries /usr/sbin/mariadbd and mariadb-install-db)
# with its own data directory under target/bench-db and its own loopback port, so that no other
# client pollutes its statement counters, and stops it at the end. Each benchmark gets a fresh
# database and a fresh service (target/quarkus-app/quarkus-run.jar, built if missing). The load
# generator, src/bench/java/io/goxhelix/bench/scale, uses the JDK only and is compiled here with javac.
#
# Knobs: DB_PORT (33061), PORT (18081), STREAMS (10000), SSE_ARGS / E2E_ARGS (extra key=value
# arguments: E2E_ARGS="cycles=20 rest-seconds=60"; E2E_ARGS="warmup=false" measures the cold start
# on a service that has just started, without the warm-up run on another domain; SSE_ARGS="resizes=4"
# is the number of changes after the first, each giving every stream one more partition),
# SERVICE_JAVA_OPTS (JVM options of the service, default -Xmx384m: the heap of a service given
# 512 MB; SERVICE_JAVA_OPTS= leaves the JVM's own sizing, a quarter of the machine's memory),
# TIME_LIMIT (per benchmark, default 15m).
set -euo pipefail
cd "$(dirname "$0")/../../.."

MODES=${*:-sse e2e}
DB_PORT=${DB_PORT:-33061}
PORT=${PORT:-18081}
STREAMS=${STREAMS:-10000}
TIME_LIMIT=${TIME_LIMIT:-15m}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS--Xmx384m}
DB_DIR=$PWD/target/bench-db
CLASSES=target/bench-scale-classes

# 10 000 streams need as many sockets in the service and in the load generator.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 12000 ] || { echo "ulimit -n is $(ulimit -n): 12000 needed" >&2; exit 2; }
if ss -ltn | grep -q ":$DB_PORT "; then echo "port $DB_PORT is taken: set DB_PORT" >&2; exit 2; fi
if ss -ltn | grep -q ":$PORT "; then echo "port $PORT is taken: set PORT" >&2; exit 2; fi

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
rm -rf "$CLASSES"
javac -d "$CLASSES" src/bench/java/io/goxhelix/bench/scale/*.java

sql() { mariadb -h 127.0.0.1 -P "$DB_PORT" -uroot -N -B -e "$1"; }

DB_PID=
SERVICE=
cleanup() {
  [ -n "$SERVICE" ] && kill "$SERVICE" 2>/dev/null && wait "$SERVICE" 2>/dev/null || true
  if [ -n "$DB_PID" ]; then kill "$DB_PID" 2>/dev/null || true; wait "$DB_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

if [ ! -d "$DB_DIR/data/mysql" ]; then
  mkdir -p "$DB_DIR"
  mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$DB_DIR/data" \
    --auth-root-authentication-method=normal --skip-test-db > "$DB_DIR/install.log" 2>&1
fi
# Durable commits (the defaults), the performance schema for the per-statement breakdown.
/usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$DB_DIR/data" --bind-address=127.0.0.1 \
  --port="$DB_PORT" --socket="$DB_DIR/mysqld.sock" --pid-file="$DB_DIR/mysqld.pid" \
  --log-error="$DB_DIR/error.log" --performance-schema=ON --innodb-buffer-pool-size=512M \
  --max-connections=300 > /dev/null 2>&1 &
DB_PID=$!
for _ in $(seq 1 60); do sql "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
sql "SELECT 1" >/dev/null

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)," \
  "database $(sql 'SELECT VERSION()'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

for MODE in $MODES; do
  sql "DROP DATABASE IF EXISTS gox_scale; CREATE DATABASE gox_scale"
  EXTRA_ENV=()
  ARGS=()
  case "$MODE" in
    # One registration heartbeat per worker: a lease longer than the run keeps 10 000 workers live
    # without 3 300 heartbeats/s competing with the streams for the two cores.
    sse) EXTRA_ENV=(GOX_LEASE_TIMEOUT=30m); ARGS=("streams=$STREAMS" ${SSE_ARGS:-}) ;;
    e2e) ARGS=(${E2E_ARGS:-}) ;;
    *) echo "unknown benchmark $MODE" >&2; exit 2 ;;
  esac
  env "${EXTRA_ENV[@]}" GOX_AUTH_ENABLED=false GOX_DB_URL="mysql://127.0.0.1:$DB_PORT/gox_scale" QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_MANAGEMENT_PORT=$((PORT + 1000)) \
    QUARKUS_HTTP_HOST=127.0.0.1 java ${SERVICE_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar \
    > "target/bench-scale-$MODE-service.log" 2>&1 &
  SERVICE=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$((PORT + 1000))/q/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$((PORT + 1000))/q/health/ready" >/dev/null
  echo "== $MODE (service pid $SERVICE, JVM options: ${SERVICE_JAVA_OPTS:-none})"
  timeout "$TIME_LIMIT" java -Xmx1g -cp "$CLASSES" io.goxhelix.bench.scale.ScaleBench "$MODE" 127.0.0.1 "$PORT" \
    "$SERVICE" 127.0.0.1 "$DB_PORT" "${ARGS[@]}" | tee "target/bench-scale-$MODE.log"
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
  SERVICE=
done
