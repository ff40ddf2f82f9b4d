#!/usr/bin/env bash
# One command: bench/serve/run.sh
# Load and abuse of `entente serve`, on loopback only, bounded in count and time:
#   1. requests per second and p50/p99 latency of decide, power (EU-27), obligations and compare
#      at 1, 10 and 100 concurrent clients (a question that does not answer yet is reported so);
#   2. resident memory of the server over 2 x 10^4 requests;
#   3. abuse: malformed JSON, an oversized body, an unknown field, deep nesting, a slow client,
#      an upload that includes files outside itself; each must get its 4xx/408 and the server
#      must still answer afterwards.
# Queries are in bench/serve/queries/<question>.json. Environment: PROFILE (release; `dev` for a
# quick debug run), REQUESTS (per measurement, default 2000), SECONDS_MAX (per measurement,
# default 20), MEMORY_REQUESTS (default 10000). Not part of `cargo test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${PROFILE:-release}"
requests="${REQUESTS:-2000}"
seconds="${SECONDS_MAX:-20}"
memory_requests="${MEMORY_REQUESTS:-10000}"
case "$profile" in dev) dir=debug ;; *) dir="$profile" ;; esac

(cd "$root" && cargo build -q --profile "$profile" -p entente-cli \
  && cargo build -q --profile "$profile" -p entente-server --example bench)
entente="$target/$dir/entente"
bench="$target/$dir/examples/bench"

log="$(mktemp)"
trap 'kill -TERM "$server" 2>/dev/null || true; rm -f "$log"' EXIT
"$entente" serve --bind 127.0.0.1 --port 0 --quiet --read-timeout 2 2>"$log" &
server=$!
addr=""
for _ in $(seq 1 300); do
  addr="$(sed -n 's|.*http://\(127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$log" | head -n1)"
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "the server did not start:"; cat "$log"; exit 1; }
url="http://$addr"
echo "entente serve on $url (pid $server, profile $profile)"

post() { # post PATH BODY-FILE -> prints the status
  curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H 'Content-Type: application/json' \
    --data-binary "@$2" "$url$1"
}
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }

echo
echo "## Load (requests per second, latency in ms)"
printf '%-12s %7s %9s %9s %9s  %s\n' question clients rps p50 p99 statuses
answering=""
# `check` first: the cost of the server itself around the cheapest answer.
for q in check decide power obligations compare; do
  body="$here/queries/$q.json"
  status="$(post "/api/$q" "$body")"
  case "$status" in
    200) [ "$q" = check ] || [ -n "$answering" ] || answering="$q" ;;
    404) printf '%-12s %s\n' "$q" "not available: the server has no question \`$q\` yet (404)"; continue ;;
    422) printf '%-12s %s\n' "$q" "not answered yet: $(curl -s --max-time 60 -H 'Content-Type: application/json' --data-binary "@$body" "$url/api/$q")"; continue ;;
    400) if curl -s --max-time 60 -H 'Content-Type: application/json' --data-binary "@$body" "$url/api/$q" | grep -q 'there are no fields'; then
           printf '%-12s %s\n' "$q" "not answered yet: its Query has no fields yet (400 on this query)"; continue
         fi
         printf '%-12s %s\n' "$q" "query not understood (400): adjust bench/serve/queries/$q.json: $(curl -s --max-time 60 -H 'Content-Type: application/json' --data-binary "@$body" "$url/api/$q")"; continue ;;
    *) printf '%-12s %s\n' "$q" "answers $status; measured anyway" ;;
  esac
  for c in 1 10 100; do
    line="$("$bench" --addr "$addr" --path "/api/$q" --body-file "$body" --clients "$c" \
      --requests "$requests" --seconds "$seconds")"
    python3 - "$q" "$c" "$line" <<'PY'
import json, sys
q, c, v = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
st = " ".join(f"{k}:{n}" for k, n in v["statuses"].items())
if v["failures"]:
    st += f" failures:{v['failures']} ({v['first_failure']})"
print(f"{q:<12} {c:>7} {v['rps']:>9} {v['p50_ms']:>9} {v['p99_ms']:>9}  {st}")
PY
  done
done

echo
echo "## Resident memory over $((2 * memory_requests)) requests"
mq="${answering:-check}"
mbody="$here/queries/$mq.json"
[ -f "$mbody" ] || { mbody="$(mktemp)"; echo '{}' >"$mbody"; }
echo "question: $mq (10 clients)"
echo "before:              $(rss)"
"$bench" --addr "$addr" --path "/api/$mq" --body-file "$mbody" --clients 10 \
  --requests "$memory_requests" --seconds 300 >/dev/null
echo "after $memory_requests:        $(rss)"
"$bench" --addr "$addr" --path "/api/$mq" --body-file "$mbody" --clients 10 \
  --requests "$memory_requests" --seconds 300 >/dev/null
echo "after $((2 * memory_requests)):        $(rss)"

echo
echo "## Abuse (each must be refused, and the server must answer afterwards)"
tmp="$(mktemp -d)"
printf '{"x":' >"$tmp/malformed.json"
head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$tmp/big.json"
printf '{"frobnicate": 1}' >"$tmp/unknown.json"
python3 -c 'print("[" * 100000 + "]" * 100000)' >"$tmp/deep.json"
python3 - "$tmp/escape.json" <<'PY'
import json, sys
toml = '[scenario]\nname = "Escape"\ninclude = ["/etc/passwd", "../../Cargo.toml", "/dev/zero", "/proc/self/environ"]\n'
json.dump({"files": {"scenario.toml": toml}}, open(sys.argv[1], "w"))
PY
check() { # check LABEL WANT GOT
  if [ "$2" = "$3" ]; then echo "ok    $1: $3"; else echo "FAIL  $1: want $2, got $3"; failed=1; fi
}
failed=0
check "malformed JSON" 400 "$(post /api/check "$tmp/malformed.json")"
check "oversized body (3 MiB)" 413 "$(post /api/check "$tmp/big.json")"
check "unknown field" 400 "$(post /api/check "$tmp/unknown.json")"
check "deep nesting" 400 "$(post /api/check "$tmp/deep.json")"
escape="$(curl -s --max-time 60 -H 'Content-Type: application/json' --data-binary "@$tmp/escape.json" "$url/api/scenarios")"
if echo "$escape" | grep -q -e 'root:' -e '\[workspace\]'; then
  echo "FAIL  upload read a file outside itself: $escape"; failed=1
else
  echo "ok    upload including /etc/passwd, ../../Cargo.toml, /dev/zero, /proc/self/environ: $(echo "$escape" | python3 -c 'import json,sys; v=json.load(sys.stdin)["check"]; print(v["errors"], "located errors, files read:", v["files"])')"
fi
# A slow client: half a request line, then nothing for longer than the read timeout (2 s).
slow="$(python3 - "$addr" <<'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(b"POST /api/check HTTP/1.1\r\nHost: " + sys.argv[1].encode() + b"\r\n")
data = s.recv(4096)
print(data.split(b" ")[1].decode() if data else "closed")
PY
)"
check "slow client (headers)" 408 "$slow"
check "still answering" 200 "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url/api/openapi.json")"
rm -rf "$tmp"

kill -TERM "$server"
wait "$server" && code=0 || code=$?
check "exit after SIGTERM" 0 "$code"
trap - EXIT
rm -f "$log"
exit "$failed"
