# Sourced by bench/run --peers: the wrk scenarios the peers support, run the same way as OID's
# (same wrk settings, warm-up, duration), with OID's figure divided by the peer's. Uses the start
# scripts of PEERS_DIR (Keycloak 26 start-dev, node-oidc-provider), which download the peers on
# first use into PEERS_HOME (/tmp/oid-peers); skipped with a note when PEERS_DIR is missing.
# Keycloak is warmed with KC_WARMUP seconds (180) of client_credentials first: on 2 cores its JIT
# needs about 3 minutes before its throughput settles.
KC_WARMUP=${KC_WARMUP:-180}; KC_WARMUP=${KC_WARMUP%s}
PEER_TABLE="| peer | scenario | peer req/s | peer p99 ms | peer errors | peer server CPU ms/req | OID req/s | OID / peer |
|---|---|---:|---:|---:|---:|---:|---:|"
PEERS_HOME=${PEERS_HOME:-/tmp/oid-peers}; export PEERS_HOME
peer_row() { # peer scenario line
  local l=$3 n s rps cpu per oid ratio="-"
  n=$(field requests "$l"); s=$(field seconds "$l"); cpu=$(field server_cpu "$l")
  rps=$(awk -v n="${n:-0}" -v s="${s:-0}" 'BEGIN{ if (s>0) printf "%.0f", n/s; else print 0 }')
  per=$(awk -v c="${cpu:-0}" -v n="${n:-0}" 'BEGIN{ if (n>0) printf "%.2f", c*1000/n; else print "-" }')
  oid=""
  if [ -n "${LINE[$2]:-}" ]; then
    oid=$(awk -v n="$(field requests "${LINE[$2]}")" -v s="$(field seconds "${LINE[$2]}")" 'BEGIN{ if (s>0) printf "%.0f", n/s }')
    ratio=$(awk -v o="$oid" -v p="$rps" 'BEGIN{ if (p>0) printf "%.2fx", o/p; else print "-" }')
  fi
  PEER_TABLE+=$'\n'"| $1 | $2 | $rps | $(field p99 "$l") | $(field errors "$l") | $per | ${oid:--} | $ratio |"
  echo "   $1 $2: $l"
}
if [ ! -x "$PEERS_DIR/start-keycloak.sh" ]; then
  PEER_TABLE="Peers: $PEERS_DIR not found; no comparison in this run."
else
  # ---- Keycloak: realm bench, bench-client/bench-secret, public bench-pw, alice
  echo "== Keycloak (start-dev; ${KC_WARMUP}s of client_credentials warm-up)"
  "$PEERS_DIR/start-keycloak.sh" >"$WORK/keycloak-start.log" 2>&1 || { tail -20 "$WORK/keycloak-start.log"; exit 1; }
  KC="http://127.0.0.1:${KC_PORT:-18080}/realms/bench"; KT="$KC/protocol/openid-connect/token"
  KPIDS=$(pgrep -g "$(cat "$PEERS_HOME/run/keycloak.pid")" java | tr '\n' ' ' || true)
  env METHOD=POST BODY=grant_type=client_credentials BASIC_USER=bench-client BASIC_PASS=bench-secret \
    timeout $((KC_WARMUP + 60)) wrk -t"$THREADS" -c"$CONNS" --timeout 10s -d"${KC_WARMUP}s" -s bench/wrk/request.lua "$KT" >/dev/null 2>&1 || true
  for s in $SCENARIOS; do
    case "$s" in
      cc)         peer_row keycloak cc "$(wrk_run "$KPIDS" "$KT" METHOD=POST BODY=grant_type=client_credentials BASIC_USER=bench-client BASIC_PASS=bench-secret)";;
      jwks)       peer_row keycloak jwks "$(wrk_run "$KPIDS" "$KC/protocol/openid-connect/certs")";;
      discovery)  peer_row keycloak discovery "$(wrk_run "$KPIDS" "$KC/.well-known/openid-configuration")";;
      introspect) AT=$(curl -sf -u bench-client:bench-secret -d grant_type=client_credentials "$KT" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
                  peer_row keycloak introspect "$(wrk_run "$KPIDS" "$KT/introspect" METHOD=POST BODY="token=$AT" BASIC_USER=bench-client BASIC_PASS=bench-secret)";;
      refresh)    # Keycloak accepts the same refresh token again (no rotation by default): one token for every request
                  RT=$(curl -sf -d grant_type=password -d client_id=bench-pw -d username=alice -d password=Alice-pass-123 "$KT" | sed -E 's/.*"refresh_token":"([^"]+)".*/\1/')
                  peer_row keycloak refresh "$(wrk_run "$KPIDS" "$KT" METHOD=POST BODY="grant_type=refresh_token&client_id=bench-pw&refresh_token=$RT")";;
      password)   # Keycloak's password grant (no login form): one Argon2 verification per request, like OID's POST /login
                  peer_row keycloak password "$(wrk_run "$KPIDS" "$KT" METHOD=POST BODY="grant_type=password&client_id=bench-pw&username=alice&password=Alice-pass-123")";;
    esac
  done
  "$PEERS_DIR/stop-all.sh" >/dev/null 2>&1 || true
  # ---- node-oidc-provider: JWT access tokens for cc, JWKS and discovery; opaque ones for introspection
  for format in jwt opaque; do
    echo "== node-oidc-provider (TOKEN_FORMAT=$format)"
    TOKEN_FORMAT=$format "$PEERS_DIR/start-oidc-provider.sh" >"$WORK/oidcp-start.log" 2>&1 || { tail -20 "$WORK/oidcp-start.log"; exit 1; }
    OP="http://127.0.0.1:${OIDCP_PORT:-18081}"; OPIDS=$(cat "$PEERS_HOME/run/oidcp.pid")
    for s in $SCENARIOS; do
      case "$format:$s" in
        jwt:cc)         peer_row oidc-provider cc "$(wrk_run "$OPIDS" "$OP/token" METHOD=POST BODY=grant_type=client_credentials BASIC_USER=bench-client BASIC_PASS=bench-secret)";;
        jwt:jwks)       peer_row oidc-provider jwks "$(wrk_run "$OPIDS" "$OP/jwks")";;
        jwt:discovery)  peer_row oidc-provider discovery "$(wrk_run "$OPIDS" "$OP/.well-known/openid-configuration")";;
        opaque:introspect)
          AT=$(curl -sf -u bench-client:bench-secret -d grant_type=client_credentials "$OP/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
          peer_row oidc-provider introspect "$(wrk_run "$OPIDS" "$OP/token/introspection" METHOD=POST BODY="token=$AT" BASIC_USER=bench-client BASIC_PASS=bench-secret)";;
      esac
    done
    "$PEERS_DIR/stop-all.sh" >/dev/null 2>&1 || true
  done
fi
