# syntax=docker/dockerfile:1
# OID's container image: the WAR as Tomcat's ROOT webapp, configured by environment variables.
#   docker build -t oid .
#   docker run -p 8080:8080 -e DATABASE_URL=... -e JWT_ISSUER=https://oid.example.com oid
# Memory: 60% of the container's limit is heap (tomcat-config/bin/setenv.sh); the JVM's other needs
# and the password hashing slots want about 300 MiB + 19 MiB per core beside it, so give OID at least
# 1 GiB on 2 cores (docs/operations.md, Memory).

# ---- build: the same Maven build as everywhere else; tests run in CI, not in the image build
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DincludeScope=runtime || true
COPY src ./src
RUN mvn -B -q -DskipTests package

# ---- run: the official Tomcat 10.1 image on a Java 17 JRE
FROM tomcat:10.1-jre17-temurin
# curl for the HEALTHCHECK; no example, docs or manager webapps
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && rm -rf /usr/local/tomcat/webapps /usr/local/tomcat/webapps.dist \
 && mkdir /usr/local/tomcat/webapps \
 && groupadd --system oid \
 && useradd --system --gid oid --home-dir /usr/local/tomcat --no-create-home oid

# server.xml, context.xml, logging*.properties and error.html, beside the image's web.xml and catalina.properties
COPY tomcat-config/conf/ /usr/local/tomcat/conf/
COPY tomcat-config/bin/setenv.sh /usr/local/tomcat/bin/setenv.sh
COPY --from=build /src/target/oid.war /usr/local/tomcat/webapps/ROOT.war

# Tomcat writes to logs/, temp/, work/, unpacks the WAR into webapps/ and keeps per-webapp context
# files in conf/Catalina/; nothing else is writable. temp/ is java.io.tmpdir, where Amazon Corretto
# Crypto Provider unpacks its native library at start-up (x86-64 only: on an arm64 image the JDK signs)
RUN mkdir -p /usr/local/tomcat/conf/Catalina/localhost \
 && chown -R oid:oid /usr/local/tomcat/logs /usr/local/tomcat/temp /usr/local/tomcat/work /usr/local/tomcat/webapps \
      /usr/local/tomcat/conf/Catalina \
 && chmod 0755 /usr/local/tomcat/bin/setenv.sh
USER oid

ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080
# liveness only: /health never touches the database; orchestrators should gate traffic on /health/ready
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health" >/dev/null || exit 1

CMD ["catalina.sh", "run"]
