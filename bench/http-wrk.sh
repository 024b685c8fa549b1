#!/usr/bin/env bash
# Runs bench/http-hello.mjs under each runtime given (default: node and
# target/release/nodus) and measures it with `wrk -t1 -c64 -d5s`, the server
# pinned to CPU 0 and wrk to CPU 1. Prints requests/s per runtime.
#   bench/http-wrk.sh [runtime...]     e.g. bench/http-wrk.sh node target/release/nodus bun
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
runtimes=("$@")
[ ${#runtimes[@]} -eq 0 ] && runtimes=(node target/release/nodus)
port=${PORT:-3390}
for rt in "${runtimes[@]}"; do
  args=(bench/http-hello.mjs)
  case "$(basename "$rt")" in deno) args=(run -A bench/http-hello.mjs) ;; esac
  PORT=$port taskset -c 0 "$rt" "${args[@]}" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  rps=$(taskset -c 1 wrk -t1 -c64 -d5s "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '%-28s %s req/s\n' "$rt" "$rps"
  port=$((port + 1))
done
