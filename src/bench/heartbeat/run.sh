#!/usr/bin/env bash
# Heartbeat ingest benchmark: the packaged service on loopback, wrk with 10 000 distinct workers,
# heartbeats versus the no-database baseline endpoint of the same service; and heartbeats with
# authentication on (a worker token on every request) against authentication off. The two services
# run side by side, each on its own database, and their runs alternate ROUNDS times, so that a
# change in the machine's load falls on both alike.
#
#   bash src/bench/heartbeat/run.sh
#
# Needs: wrk (Debian package wrk), the mariadb client, and a MySQL 8 / MariaDB server reachable as
# GOX_BENCH_DB (default: root@127.0.0.1:3306, databases gox_bench and gox_bench_auth, recreated).
# Knobs: DURATION (20s), ROUNDS (4), CONNECTIONS (64), THREADS (2), WORKERS (10000), PORT (18080;
# the service with authentication listens on PORT + 1; each one's management interface, health and
# metrics, on its port + 1000).
set -euo pipefail
cd "$(dirname "$0")/../../.."

DB_HOST=${GOX_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${GOX_BENCH_DB_PORT:-3306}
DB_NAME=${GOX_BENCH_DB_NAME:-gox_bench}
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-4}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-10000}
PORT=${PORT:-18080}
AUTH_PORT=$((PORT + 1))
BOOTSTRAP=bench-bootstrap-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
sql() { mariadb -h "$DB_HOST" -P "$DB_PORT" -uroot -N -B -e "$1"; }
commits() { sql "SHOW GLOBAL STATUS LIKE 'Com_commit'" | awk '{print $2}'; }
# CPU time of a process so far, in clock ticks (user + system): requests per second depend on what
# else the machine runs, the service's CPU time per request much less.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start() { # database, port, authentication enabled (true | false), log; sets the variable named by $5 to the pid
  sql "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"
  GOX_DB_URL="mysql://$DB_HOST:$DB_PORT/$1" GOX_BENCH_ENABLED=true GOX_AUTH_ENABLED=$3 \
    GOX_AUTH_BOOTSTRAP_TOKEN=$BOOTSTRAP QUARKUS_HTTP_PORT=$2 QUARKUS_MANAGEMENT_PORT=$(($2 + 1000)) QUARKUS_HTTP_HOST=127.0.0.1 \
    java -jar target/quarkus-app/quarkus-run.jar > "$4" 2>&1 &
  PIDS+=($!)
  printf -v "$5" '%s' "$!"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$(($2 + 1000))/q/health/ready" >/dev/null && break; sleep 0.5; done
}
run() { # name, base URL, path prefix, Authorization header (may be empty), service pid
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s src/bench/heartbeat/heartbeat.lua "$2" -- "$3" "$WORKERS" "$4" >/dev/null
  local before after result secs cpu_before cpu_after requests
  before=$(commits)
  cpu_before=$(ticks "$5")
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s src/bench/heartbeat/heartbeat.lua "$2" -- "$3" "$WORKERS" "$4" | grep RESULT)
  cpu_after=$(ticks "$5")
  after=$(commits)
  secs=$(echo "$result" | sed -E 's/.*duration_s=([0-9.]+).*/\1/')
  requests=$(echo "$result" | sed -E 's/.*requests=([0-9]+).*/\1/')
  echo "$1 $result commits_per_s=$(awk -v a="$after" -v b="$before" -v s="$secs" 'BEGIN{printf "%.0f", (a-b)/s}')" \
    "cpu_us_per_request=$(awk -v a="$cpu_after" -v b="$cpu_before" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", (a-b) * 1e6 / hz / n}')"
}
rps() { sed -E 's/.*rps=([0-9]+).*/\1/'; }
cpu() { sed -E 's/.*cpu_us_per_request=([0-9.]+).*/\1/'; }

start "$DB_NAME" "$PORT" false target/bench-heartbeat.log OFF_PID
start "${DB_NAME}_auth" "$AUTH_PORT" true target/bench-heartbeat-auth.log ON_PID
OFF="http://127.0.0.1:$PORT"
ON="http://127.0.0.1:$AUTH_PORT"
SECRET=$(curl -sf -H "Authorization: Bearer $BOOTSTRAP" -H 'Content-Type: application/json' \
  -d '{"name":"bench","role":"worker","domains":["bench"]}' "$ON/api/v1/tokens" | sed -E 's/.*"secret":"([^"]+)".*/\1/')

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), connections=$CONNECTIONS threads=$THREADS workers=$WORKERS duration=$DURATION rounds=$ROUNDS"
# The baseline on both (the token's cost without the database), which also warms both up alike.
run baseline "$OFF" "/bench/domains/bench/workers/" "" "$OFF_PID"
run baseline-auth "$ON" "/bench/domains/bench/workers/" "Bearer $SECRET" "$ON_PID"
off_total=0
on_total=0
off_cpu=0
on_cpu=0
off() {
  line=$(run "heartbeat#$1" "$OFF" "/api/v1/domains/bench/workers/" "" "$OFF_PID"); echo "$line"
  off_total=$((off_total + $(echo "$line" | rps)))
  off_cpu=$(awk -v a="$off_cpu" -v b="$(echo "$line" | cpu)" 'BEGIN{print a + b}')
}
on() {
  line=$(run "heartbeat-auth#$1" "$ON" "/api/v1/domains/bench/workers/" "Bearer $SECRET" "$ON_PID"); echo "$line"
  on_total=$((on_total + $(echo "$line" | rps)))
  on_cpu=$(awk -v a="$on_cpu" -v b="$(echo "$line" | cpu)" 'BEGIN{print a + b}')
}
# Each goes first every other round: neither gains from always following the other.
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then off "$round"; on "$round"; else on "$round"; off "$round"; fi
done
echo "authentication on / off: $(awk -v a="$on_total" -v b="$off_total" 'BEGIN{printf "%.1f %%", 100 * a / b}') of the heartbeats per second," \
  "$(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN{printf "%.1f %%", 100 * a / b}') of the service CPU time per heartbeat"
echo "workers recorded: $(sql "SELECT COUNT(*) FROM $DB_NAME.workers") (off)," \
  "$(sql "SELECT COUNT(*) FROM ${DB_NAME}_auth.workers WHERE registered_by IS NOT NULL") (on, registered by the token)"
