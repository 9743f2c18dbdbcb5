# The Stateful Functions runtime (RuntimeMain: StateFun 3.3 on its own local Flink 1.16) on exactly
# the class path the functions-runtime build writes into runtime.classpath. The pod mounts
# module.yaml and flink-conf.properties at /etc/fleetstream/statefun, which leads the class path
# (StateFun finds classpath:module.yaml). Build from the repository root: the context is the whole
# tree, this file is deploy/docker/statefun-runtime.Dockerfile.

FROM eclipse-temurin:17-jdk AS build
ARG VERSION=0.1.0-SNAPSHOT
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl functions-runtime -am package \
 && sh deploy/docker/collect-classpath.sh \
      functions-runtime/target/classes/io/fleetstream/statefun/runtime.classpath \
      functions-runtime/target/fleetstream-functions-runtime-${VERSION}.jar \
      /out/lib

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 fleetstream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home fleetstream
COPY --from=build /out/lib /app/lib
USER 10001:10001
# Flink 1.16 on Java 17 needs these (ChildJvm.FLINK_JAVA_17_FLAGS, as FunctionsRuntime starts it).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-Djava.awt.headless=true", \
  "-Dlog4j2.configurationFile=classpath:io/fleetstream/statefun/log4j2-runtime.xml", \
  "--add-exports=java.base/sun.net.util=ALL-UNNAMED", \
  "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED", \
  "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang=ALL-UNNAMED", \
  "--add-opens=java.base/java.net=ALL-UNNAMED", \
  "--add-opens=java.base/java.io=ALL-UNNAMED", \
  "--add-opens=java.base/java.nio=ALL-UNNAMED", \
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", \
  "--add-opens=java.base/java.text=ALL-UNNAMED", \
  "--add-opens=java.base/java.time=ALL-UNNAMED", \
  "--add-opens=java.base/java.util=ALL-UNNAMED", \
  "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", \
  "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", \
  "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED", \
  "-cp", "/etc/fleetstream/statefun:/app/lib/*", \
  "io.fleetstream.statefun.internal.RuntimeMain"]
