# The HTTP bridge (BridgeMain) on exactly the class path the api-bridge build writes into
# bridge.classpath, as bin/fleetstream starts it. Build from the repository root:
# the context is the whole tree, this file is deploy/docker/bridge.Dockerfile.

FROM eclipse-temurin:17-jdk AS build
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl api-bridge -am package \
 && sh deploy/docker/collect-classpath.sh \
      api-bridge/target/classes/io/fleetstream/bridge/bridge.classpath \
      api-bridge/target/fleetstream-api-bridge-${VERSION}.jar \
      /out/lib

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetstream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home fleetstream
COPY --from=build /out/lib /app/lib
USER 10001:10001
EXPOSE 8080
# Logs go to stdout as one JSON object per line (the bridge's own log4j2 layout).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", \
  "-Dlog4j2.configurationFile=classpath:io/fleetstream/bridge/log4j2-bridge.xml", \
  "-Dfleetstream.log.file=/dev/stdout", \
  "-cp", "/app/lib/*", "io.fleetstream.bridge.BridgeMain"]
