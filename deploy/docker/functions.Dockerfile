# The webhook functions the StateFun runtime calls (FunctionsServerMain, POST /statefun), on the
# class path the functions build writes into target/functions.classpath. Build from the repository
# root: the context is the whole tree, this file is deploy/docker/functions.Dockerfile.

FROM eclipse-temurin:17-jdk AS build
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl functions -am package \
 && sh deploy/docker/collect-classpath.sh \
      functions/target/functions.classpath \
      functions/target/fleetstream-functions-${VERSION}.jar \
      /out/lib

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetstream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home fleetstream
COPY --from=build /out/lib /app/lib
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/lib/*", \
  "io.fleetstream.functions.FunctionsServerMain"]
