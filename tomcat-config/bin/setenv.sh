#!/bin/sh
# Sourced by catalina.sh. Turns the runbook's HOST and PORT into the properties server.xml uses,
# and sets JVM options that suit a container.

# PORT is only the connector's (OID itself reads neither HOST nor PORT): one clear line, before
# Tomcat starts, when it is not a port number.
OID_PORT=${PORT:-8080}
case "$OID_PORT" in
  *[!0-9]*) OID_PORT=0 ;;
esac
if [ "${#OID_PORT}" -gt 5 ] || [ "$OID_PORT" -lt 1 ] || [ "$OID_PORT" -gt 65535 ]; then
  echo "OID cannot start: PORT must be a whole number from 1 to 65535, got '$PORT'" >&2
  exit 1
fi
CATALINA_OPTS="$CATALINA_OPTS -Doid.host=${HOST:-0.0.0.0} -Doid.port=${PORT:-8080}"
# server.xml may also name environment variables (OID_TOMCAT_INTERNAL_PROXIES): a regular
# expression passed as -D here would be re-parsed by catalina.sh's eval
CATALINA_OPTS="$CATALINA_OPTS -Dorg.apache.tomcat.util.digester.PROPERTY_SOURCE=org.apache.tomcat.util.digester.EnvironmentPropertySource"

# One file, several writers: the JVM's stdout and stderr, and the access log valve, which opens
# /dev/stdout itself. Redirected by a shell to a file (catalina.sh run > oid.log 2>&1), the file is
# open without O_APPEND: each writer would write at an offset of its own and overwrite the others'
# lines. Reopened for appending, every write lands at the end. A pipe or a terminal (a container
# runtime's stdout) has no offset and is left as it is.
if [ -f /dev/stdout ] && [ -w /dev/stdout ]; then exec >>/dev/stdout; fi
if [ -f /dev/stderr ] && [ -w /dev/stderr ]; then exec 2>>/dev/stderr; fi

# OID_LOG_FORMAT: json (the image's default: log collectors read one JSON object per line) or text.
# It chooses Tomcat's own logging and access log format here, and OID's (which reads the same variable).
OID_LOG_FORMAT=$(printf '%s' "${OID_LOG_FORMAT:-json}" | tr '[:upper:]' '[:lower:]')
case "$OID_LOG_FORMAT" in
  json)
    CATALINA_LOGGING_CONFIG="-Djava.util.logging.config.file=$CATALINA_BASE/conf/logging-json.properties"
    CATALINA_OPTS="$CATALINA_OPTS -Doid.access.log.valve=org.apache.catalina.valves.JsonAccessLogValve" ;;
  text) ;;
  *)
    echo "OID cannot start: OID_LOG_FORMAT must be json or text, got '$OID_LOG_FORMAT'" >&2
    exit 1 ;;
esac
export OID_LOG_FORMAT

# Heap from the container's memory limit, not the host's; a 2 GiB container gets ~1.2 GiB of heap.
# The other 40% is for the rest of the JVM (about 300 MiB) and the password hashing slots (19 MiB of
# libargon2's memory per core, allocated once): enough from a 1 GiB limit on 2 cores (docs/operations.md, Memory).
# Parallel GC: throughput over pause time suits short CPU-bound requests on few cores.
# Out of memory, the JVM exits and the orchestrator restarts it, rather than serving half-broken.
# Tokens are signed with RSA: SecureRandom must never block on /dev/random.
JAVA_OPTS="$JAVA_OPTS ${OID_JAVA_OPTS:--XX:MaxRAMPercentage=60 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError -Djava.security.egd=file:/dev/urandom}"
