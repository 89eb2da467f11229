#!/usr/bin/env bash
# ./moolah loadtest normal|peak|stress [--scale F] [--target URL] [--peach URL]
# Runs one of the mission's load scenarios (load-tests/MoolahSimulation, Gatling) against the local platform (started
# here with the gateway's per-address and per-customer limits raised for one load client, and stopped afterwards, unless
# one is already running) or against --target, a deployed gateway. Writes .moolah/reports/<scenario>-<time>/ (summary.md
# with the verdict and charts, timeline.csv, Gatling's HTML report under gatling/) and prints the summary table.
# Exit status: normal and peak fail (1) when p95 >= 200 ms or errors >= 1%; stress reports its breaking point instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() { echo "usage: ./moolah loadtest normal|peak|stress [--scale F] [--target URL] [--peach URL]" >&2; exit 2; }
scenario="${1:-}"
case "$scenario" in normal|peak|stress) shift ;; *) usage ;; esac
scale=1 target="" peach=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="${2:?}"; shift 2 ;;
    --target) target="${2:?}"; shift 2 ;;
    --peach) peach="${2:?}"; shift 2 ;;
    *) usage ;;
  esac
done

report="$root/.moolah/reports/$scenario-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$report"
metrics=""
prometheus=""
platform_pid=""
stop_platform() {
  if [ -n "$platform_pid" ]; then
    echo "Stopping the platform started for the load test..."
    kill -TERM "$platform_pid" 2> /dev/null || true
    wait "$platform_pid" 2> /dev/null || true
  fi
}
trap stop_platform EXIT

if [ -z "$target" ]; then
  target="https://127.0.0.1:8443"
  peach="${peach:-http://127.0.0.1:8090}"
  metrics="account-service=http://127.0.0.1:8081/q/metrics,transaction-service=http://127.0.0.1:8082/q/metrics"
  metrics="$metrics,payment-gateway-service=http://127.0.0.1:8083/q/metrics,cache-service=http://127.0.0.1:8084/q/metrics"
  metrics="$metrics,gateway=http://127.0.0.1:9000/q/metrics"
  prometheus="http://127.0.0.1:9090"
  if ./moolah status > /dev/null 2>&1; then
    echo "Using the running platform: its gateway limits apply (stop it to have this command start one with them raised)."
  else
    # One load client stands for every customer: its address would otherwise hit the per-address limits.
    export MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_RATE=1000000 MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_BURST=1000000
    export MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_AUTH_RATE=100000 MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_AUTH_BURST=100000
    export MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_WEBHOOK_RATE=100000 MOOLAH_GATEWAY_RATE_LIMITS_ADDRESS_WEBHOOK_BURST=100000
    export MOOLAH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS=100000
    echo "Starting the platform (log: $report/platform.log)..."
    monitoring=""
    command -v prometheus > /dev/null && monitoring="--monitoring"
    ./moolah up $monitoring > "$report/platform.log" 2>&1 &
    platform_pid=$!
    for _ in $(seq 1 300); do
      grep -q "Moolah is up" "$report/platform.log" && break
      kill -0 "$platform_pid" 2> /dev/null || { echo "The platform did not start:"; tail -20 "$report/platform.log"; exit 1; }
      sleep 1
    done
    grep -q "Moolah is up" "$report/platform.log" || { echo "The platform was not up after 300 s"; exit 1; }
  fi
fi

# Returning customers are kept per target; the local platform's beside its data, so ./moolah reset forgets both.
customers="$root/.moolah/loadtest/customers-$(echo "$target" | tr -c 'A-Za-z0-9\n' '_').txt"
[ "$target" = "https://127.0.0.1:8443" ] && customers="$root/.moolah/data/loadtest-customers.txt"
run() { # run <scenario> <scale> <report directory>
  mvn -B -q -pl load-tests gatling:test -Dmoolah.scenario="$1" -Dmoolah.scale="$2" -Dmoolah.target="$target" \
    -Dmoolah.peach="$peach" -Dmoolah.metrics="$metrics" -Dmoolah.prometheus="$prometheus" \
    -Dmoolah.customers="$customers" -Dmoolah.report="$3" -Dmoolah.reports="$3/gatling"
}
if [ -n "$platform_pid" ]; then
  # Freshly started JVMs compile their hot paths in the first minute: a short normal run first, its figures set
  # aside, so the measured run sees the platform as it runs, not as it starts (benchmarks warm up the same way).
  echo "Warming up the freshly started platform (a 0.1-scale normal run, figures in $report/warm-up)..."
  run normal 0.1 "$report/warm-up" > "$report/warm-up.log" 2>&1 || true
fi
echo "Running $scenario (scale $scale) against $target..."
run "$scenario" "$scale" "$report" | tee "$report/gatling-console.txt"
verdict="$(cat "$report/verdict" 2> /dev/null || echo "no verdict: the run did not finish")"
echo "Verdict: $verdict"
echo "Summary: $report/summary.md"
case "$scenario:$verdict" in
  stress:*|*:PASS) exit 0 ;;
  *) exit 1 ;;
esac
