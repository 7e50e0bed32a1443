#!/usr/bin/env bash
# CoAP Fleet end to end, on loopback: one fleet-server, three fleet-node agents, a 2 MiB
# artifact uploaded block-wise with libcoap's client, a `file` job rolled out to every node,
# its progress followed, and each node's installed copy compared with the artifact.
#
#   make demo                      builds, then runs this script
#   Examples/demo/demo.sh          uses the binaries in $BIN_DIR (default .build/debug)
#
# Environment:
#   BIN_DIR         where fleet-server and fleet-node are (default: <repo>/.build/debug)
#   FLEET_SERVER    the server binary (default: $BIN_DIR/fleet-server)
#   FLEET_NODE      the agent binary (default: $BIN_DIR/fleet-node)
#   COAP_CLIENT     libcoap's client (default: coap-client-openssl, Debian libcoap3-bin)
#   PYTHON3         for reading JSON (default: python3)
#   DEMO_KEEP=1     keep the temporary directory (logs, data, node roots) after the run
#
# Everything it starts is stopped when it ends, however it ends (success, failure, Ctrl-C,
# SIGTERM). Exit status 0 only when the job completed and every node holds the artifact.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN_DIR=${BIN_DIR:-$REPO/.build/debug}
FLEET_SERVER=${FLEET_SERVER:-$BIN_DIR/fleet-server}
FLEET_NODE=${FLEET_NODE:-$BIN_DIR/fleet-node}
COAP_CLIENT=${COAP_CLIENT:-coap-client-openssl}
PYTHON3=${PYTHON3:-python3}
DEMO_KEEP=${DEMO_KEEP:-0}

NODE_COUNT=3
ARTIFACT_BYTES=$((2 * 1024 * 1024))
INSTALL_PATH=/opt/demo/demo.bin
SERVER_START_TIMEOUT_S=15
NODES_TIMEOUT_S=30
ROLLOUT_TIMEOUT_S=60

say() { printf '[demo %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[demo %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

for tool in "$FLEET_SERVER" "$FLEET_NODE"; do
    [[ -x $tool ]] || fail "$tool is missing; build first (make demo, or swift build)"
done
for tool in "$COAP_CLIENT" "$PYTHON3" cmp mktemp; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (coap-client-openssl: apt-get install libcoap3-bin)"
done

# --- 1. temporary directory, and the cleanup that stops everything ------------------------

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fleet-demo.XXXXXX")
PIDS=()

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if ((${#PIDS[@]})); then
        # SIGTERM first (both programs stop cleanly on it), SIGKILL what is left after 5 s.
        kill -TERM "${PIDS[@]}" 2>/dev/null || true
        local waited=0 pid alive
        while ((waited < 50)); do
            alive=0
            for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
            ((alive)) || break
            sleep 0.1
            waited=$((waited + 1))
        done
        for pid in "${PIDS[@]}"; do
            if kill -0 "$pid" 2>/dev/null; then
                echo "[demo] process $pid still runs 5 s after SIGTERM; killing it" >&2
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done
        wait 2>/dev/null || true
    fi
    if [[ $DEMO_KEEP == 1 ]]; then
        echo "[demo] kept $TMP (server.log, node-N.log, server/, node-N/)" >&2
    else
        rm -rf "$TMP"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'echo "[demo] interrupted" >&2; exit 130' INT
trap 'echo "[demo] terminated" >&2; exit 143' TERM

# --- CoAP and JSON helpers ------------------------------------------------------------------

# coap METHOD PATH [client options...]: prints the answer's payload. libcoap's client exits 0
# whatever happens, prints a success's payload on stdout and `4.xx <payload>` (or a network
# warning) on stderr, so success is: something on stdout, no response code on stderr.
coap() {
    local method=$1 path=$2
    shift 2
    local out err
    out=$("$COAP_CLIENT" -B 10 -m "$method" "$@" "coap://127.0.0.1:$PORT$path" 2>"$TMP/coap.err") || true
    err=$(<"$TMP/coap.err")
    if [[ -z $out ]] || grep -qE '^[2-5]\.[0-9]{2}' <<<"$err"; then
        echo "$COAP_CLIENT -m $method $path: ${err:-no answer}" >&2
        return 1
    fi
    printf '%s\n' "$out"
}

# json EXPRESSION: evaluates a Python expression over the JSON on stdin (bound to `d`) and
# prints the result; jq is not assumed.
json() {
    "$PYTHON3" -c 'import json, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: no traceback, the trap speaks
d = json.load(sys.stdin)
r = eval(sys.argv[1])
print(r if isinstance(r, str) else json.dumps(r))' "$1"
}

# --- 2. the server --------------------------------------------------------------------------

say "working in $TMP"
: >"$TMP/server.log" # exists before the server's shell opens it, for the loop below
"$FLEET_SERVER" --host 127.0.0.1 --port 0 --data-dir "$TMP/server" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")

PORT=""
for ((i = 0; i < SERVER_START_TIMEOUT_S * 10; i++)); do
    PORT=$(sed -n 's|.* listening on coap://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$TMP/server.log" | head -n 1)
    [[ -n $PORT ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; fail "fleet-server exited at start"; }
    sleep 0.1
done
[[ -n $PORT ]] || { cat "$TMP/server.log" >&2; fail "fleet-server did not say where it listens within ${SERVER_START_TIMEOUT_S} s"; }
SERVER_URI="coap://127.0.0.1:$PORT"
say "fleet-server (pid $SERVER_PID) listening on $SERVER_URI"

# --- 3. the nodes ---------------------------------------------------------------------------

NODE_IDS=()
for ((n = 1; n <= NODE_COUNT; n++)); do
    id="demo-node-$n"
    mkdir -p "$TMP/node-$n/root"
    "$FLEET_NODE" --server "$SERVER_URI" --node-id "$id" --host 127.0.0.1 --port 0 \
        --health-interval 2 --state-dir "$TMP/node-$n/state" --install-root "$TMP/node-$n/root" \
        >"$TMP/node-$n.log" 2>&1 &
    PIDS+=("$!")
    NODE_IDS+=("$id")
    say "fleet-node $id (pid $!) started, log in $TMP/node-$n.log"
done

registered=""
for ((i = 0; i < NODES_TIMEOUT_S * 2; i++)); do
    nodes=$(coap get /nodes 2>/dev/null) || nodes='[]'
    registered=$(json '" ".join(sorted(n["node_id"] for n in d if n.get("online")))' <<<"$nodes")
    missing=0
    for id in "${NODE_IDS[@]}"; do [[ " $registered " == *" $id "* ]] || missing=1; done
    ((missing)) || break
    for pid in "${PIDS[@]:1}"; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$TMP"/node-*.log >&2; fail "a fleet-node (pid $pid) exited"; }
    done
    sleep 0.5
done
((missing == 0)) || { tail -n 20 "$TMP"/node-*.log >&2; fail "only [$registered] registered within ${NODES_TIMEOUT_S} s"; }
say "registered and online: $registered"

# --- 4. the artifact ------------------------------------------------------------------------

ARTIFACT="$TMP/demo.bin"
head -c "$ARTIFACT_BYTES" /dev/urandom >"$ARTIFACT"
say "uploading a $ARTIFACT_BYTES-byte artifact block-wise (1024-byte blocks)"
started=$(date +%s.%N)
answer=$(coap post "/artifacts?name=demo.bin" -b 1024 -t application/octet-stream -f "$ARTIFACT") \
    || fail "artifact upload refused"
elapsed=$("$PYTHON3" -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.1f}")' "$started")
ARTIFACT_ID=$(json 'd.get("artifact_id", "")' <<<"$answer")
[[ -n $ARTIFACT_ID ]] || fail "the upload's answer carries no artifact_id: $answer"
say "stored as $ARTIFACT_ID in ${elapsed} s: $answer"
expected_sha=$(sha256sum "$ARTIFACT" | cut -d ' ' -f 1)
stored_sha=$(json 'd.get("sha256", "")' <<<"$answer")
[[ $stored_sha == "$expected_sha" ]] || fail "the server's sha256 $stored_sha is not the file's $expected_sha"

# --- 5. the job -----------------------------------------------------------------------------

# The health check runs on each node after the install, without a shell of its own, with
# FLEET_INSTALL_PATH naming the installed file inside the node's install root: it only checks
# that the file is not empty.
# shellcheck disable=SC2016  # $FLEET_INSTALL_PATH is for the node's sh, not this one
HEALTH_CHECK='sh -c '\''test -s "$FLEET_INSTALL_PATH"'\'
job=$("$PYTHON3" -c 'import json, sys
print(json.dumps({"name": "demo-file", "version": "1.0", "package_type": "file",
                  "target_nodes": ["all"], "artifact_id": sys.argv[1], "install_path": sys.argv[2],
                  "health_check": sys.argv[3], "command_timeout_s": 30}))' \
    "$ARTIFACT_ID" "$INSTALL_PATH" "$HEALTH_CHECK")
answer=$(coap post /updates -t json -e "$job") || fail "job creation refused"
JOB_ID=$(json 'd.get("job_id", "")' <<<"$answer")
[[ -n $JOB_ID ]] || fail "the job's answer carries no job_id: $answer"
say "created job $JOB_ID: $answer"
answer=$(coap post /updates -t json -e "{\"action\":\"install\",\"job_id\":\"$JOB_ID\"}") || fail "install refused"
say "install: job is $(json 'd["state"]' <<<"$answer")"

# --- 6. progress ----------------------------------------------------------------------------

# One block of lines (job, then each node) whenever something changed, polled every 0.5 s.
render='
lines = ["job %s: %s" % (d["job_id"], d["state"])]
for n in d.get("nodes", []):
    line = "  %-12s %-12s %3d%%" % (n["node_id"], n["state"], n.get("progress") or 0)
    if n.get("error"):
        line += "  error: %s" % n["error"]
    lines.append(line)
print("\n".join(lines))'
final=""
previous=""
deadline=$((SECONDS + ROLLOUT_TIMEOUT_S))
while ((SECONDS < deadline)); do
    if status=$(coap get "/updates/$JOB_ID/status" 2>"$TMP/poll.err"); then
        shown=$("$PYTHON3" -c "import json, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); d = json.load(sys.stdin)$render" <<<"$status")
        if [[ $shown != "$previous" ]]; then
            say "progress"
            printf '%s\n' "$shown"
            previous=$shown
        fi
        state=$(json 'd["state"]' <<<"$status")
        case $state in
        completed | partially_failed | failed | cancelled) final=$state; break ;;
        esac
    else
        say "status poll failed: $(<"$TMP/poll.err")"
    fi
    sleep 0.5
done
if [[ -z $final ]]; then
    for ((n = 1; n <= NODE_COUNT; n++)); do echo "--- node-$n.log (last lines)"; tail -n 10 "$TMP/node-$n.log"; done >&2
    fail "job $JOB_ID did not finish within ${ROLLOUT_TIMEOUT_S} s (last: ${state:-unknown})"
fi

# --- 7. verification ------------------------------------------------------------------------

say "job $JOB_ID is $final; comparing each node's $INSTALL_PATH with the artifact"
good=0
for ((n = 1; n <= NODE_COUNT; n++)); do
    installed="$TMP/node-$n/root$INSTALL_PATH"
    if [[ -f $installed ]] && cmp -s "$ARTIFACT" "$installed"; then
        printf '  %-12s identical (%s bytes)\n' "${NODE_IDS[n - 1]}" "$(stat -c %s "$installed")"
        good=$((good + 1))
    elif [[ -f $installed ]]; then
        printf '  %-12s DIFFERS: %s\n' "${NODE_IDS[n - 1]}" "$(cmp "$ARTIFACT" "$installed" 2>&1 || true)"
    else
        printf '  %-12s MISSING: %s\n' "${NODE_IDS[n - 1]}" "$installed"
    fi
done

echo
echo "Summary: server $SERVER_URI, artifact $ARTIFACT_ID ($ARTIFACT_BYTES bytes, upload ${elapsed} s),"
echo "         job $JOB_ID $final, $good of $NODE_COUNT nodes hold an identical $INSTALL_PATH"
if [[ $final == completed ]] && ((good == NODE_COUNT)); then
    say "demo succeeded"
    exit 0
fi
fail "rollout did not reach every node"
