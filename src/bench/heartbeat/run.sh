#!/usr/bin/env bash
# Heartbeat ingest benchmark: the packaged service on loopback, wrk with 10 000 distinct workers,
# heartbeats versus the no-database baseline endpoint of the same service, in one run.
#
#   bash src/bench/heartbeat/run.sh
#
# Needs: wrk (Debian package wrk), the mariadb client, and a MySQL 8 / MariaDB server reachable as
# GOX_BENCH_DB (default: root@127.0.0.1:3306, database gox_bench, recreated). Knobs: DURATION (20s),
# CONNECTIONS (64), THREADS (2), WORKERS (10000).
set -euo pipefail
cd "$(dirname "$0")/../../.."

DB_HOST=${GOX_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${GOX_BENCH_DB_PORT:-3306}
DB_NAME=${GOX_BENCH_DB_NAME:-gox_bench}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-10000}
PORT=${PORT:-18080}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
sql() { mariadb -h "$DB_HOST" -P "$DB_PORT" -uroot -N -B -e "$1"; }
commits() { sql "SHOW GLOBAL STATUS LIKE 'Com_commit'" | awk '{print $2}'; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
sql "DROP DATABASE IF EXISTS $DB_NAME; CREATE DATABASE $DB_NAME"

GOX_DB_URL="mysql://$DB_HOST:$DB_PORT/$DB_NAME" GOX_BENCH_ENABLED=true QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_HTTP_HOST=127.0.0.1 java -jar target/quarkus-app/quarkus-run.jar > target/bench-heartbeat.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done

BASE="http://127.0.0.1:$PORT"
run() { # name, path prefix
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s src/bench/heartbeat/heartbeat.lua "$BASE" -- "$2" "$WORKERS" >/dev/null
  local before after result
  before=$(commits)
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s src/bench/heartbeat/heartbeat.lua "$BASE" -- "$2" "$WORKERS" | grep RESULT)
  after=$(commits)
  local secs
  secs=$(echo "$result" | sed -E 's/.*duration_s=([0-9.]+).*/\1/')
  echo "$1 $result commits_per_s=$(awk -v a="$after" -v b="$before" -v s="$secs" 'BEGIN{printf "%.0f", (a-b)/s}')"
}
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), connections=$CONNECTIONS threads=$THREADS workers=$WORKERS duration=$DURATION"
run baseline "/bench/domains/bench/workers/"
run heartbeat "/api/v1/domains/bench/workers/"
echo "live workers recorded: $(sql "SELECT COUNT(*) FROM $DB_NAME.workers WHERE live")"
