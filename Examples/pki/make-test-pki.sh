#!/usr/bin/env bash
# Creates a throw-away test PKI: for the DTLS (certificate) tests, and to try fleet-server --security pki.
#
# Usage: make-test-pki.sh OUTDIR
#
# Writes into OUTDIR (created if missing). Idempotent: when OUTDIR already
# holds a complete, valid set, nothing is changed; otherwise the whole set is
# regenerated.
#   ca.key/ca.crt          EC P-256 self-signed CA "CoAP Fleet Test CA"
#   server.key/server.crt  CN=fleet-server, SAN DNS:fleet-server,DNS:localhost,IP:127.0.0.1,IP:::1
#                          (its name, the first DNS name, is fleet-server: what nodes and
#                          fleetctl expect of the server by default)
#   client.key/client.crt  CN=node-7, SAN DNS:node-7 (a node)
#   admin.key/admin.crt    CN=ops (an operator, for fleetctl)
#   rogue.key/rogue.crt    self-signed CN=node-7 (not issued by the CA)
# Uses the openssl CLI only; silent on success, prints openssl's output on failure.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 64
fi

OUT="$1"
DAYS=3650
mkdir -p "$OUT"

complete_and_valid() {
    local f
    for f in ca server client admin rogue; do
        [ -s "$OUT/$f.key" ] && [ -s "$OUT/$f.crt" ] || return 1
    done
    openssl verify -CAfile "$OUT/ca.crt" "$OUT/server.crt" "$OUT/client.crt" "$OUT/admin.crt" >/dev/null 2>&1 || return 1
    # the server's first DNS name is the one clients check
    openssl x509 -noout -ext subjectAltName -in "$OUT/server.crt" 2>/dev/null | grep -q "DNS:fleet-server," || return 1
    # still valid for at least another day
    openssl x509 -checkend 86400 -noout -in "$OUT/ca.crt" >/dev/null 2>&1 || return 1
}

if complete_and_valid; then
    exit 0
fi

WORK="$(mktemp -d)"
LOG="$WORK/openssl.log"
trap 'rm -rf "$WORK"' EXIT

ossl() {
    if ! openssl "$@" >>"$LOG" 2>&1; then
        echo "make-test-pki.sh: openssl $1 failed:" >&2
        cat "$LOG" >&2
        exit 1
    fi
}

genkey() { # path
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1"
    chmod 600 "$1"
}

# Everything is generated in WORK and moved into OUT at the end, so a failed
# run never leaves a half-updated set behind and re-runs are idempotent.

# --- CA ---
genkey "$WORK/ca.key"
cat >"$WORK/ca.cnf" <<'CNF'
[req]
distinguished_name = dn
x509_extensions = v3_ca
prompt = no
[dn]
CN = CoAP Fleet Test CA
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
ossl req -new -x509 -sha256 -days "$DAYS" -key "$WORK/ca.key" \
    -config "$WORK/ca.cnf" -out "$WORK/ca.crt"

# --- leaf certificates signed by the CA ---
issue() { # name CN extfile-body
    local name="$1" cn="$2" ext="$3"
    genkey "$WORK/$name.key"
    ossl req -new -sha256 -key "$WORK/$name.key" -subj "/CN=$cn" -out "$WORK/$name.csr"
    printf '%s\n' "$ext" >"$WORK/$name.ext"
    ossl x509 -req -sha256 -days "$DAYS" -in "$WORK/$name.csr" \
        -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
        -extfile "$WORK/$name.ext" -out "$WORK/$name.crt"
}

issue server "fleet-server" "basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:fleet-server, DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"

issue client "node-7" "basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = clientAuth, serverAuth
subjectAltName = DNS:node-7
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"

issue admin "ops" "basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid"

# --- rogue: self-signed, same CN as the client, not issued by the CA ---
cat >"$WORK/rogue.cnf" <<'CNF'
[req]
distinguished_name = dn
x509_extensions = v3_rogue
prompt = no
[dn]
CN = node-7
[v3_rogue]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = clientAuth, serverAuth
subjectAltName = DNS:node-7
subjectKeyIdentifier = hash
CNF
genkey "$WORK/rogue.key"
ossl req -new -x509 -sha256 -days "$DAYS" -key "$WORK/rogue.key" \
    -config "$WORK/rogue.cnf" -out "$WORK/rogue.crt"

for f in ca server client admin rogue; do
    mv -f "$WORK/$f.key" "$OUT/$f.key"
    mv -f "$WORK/$f.crt" "$OUT/$f.crt"
done
