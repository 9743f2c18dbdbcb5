# The dispatch job's image for the Flink Kubernetes Operator: Flink 2.2.1 with the job jar in
# /opt/flink/usrlib (the FlinkDeployment's jarURI) and the S3 file system for checkpoints,
# savepoints and HA metadata. Build from the repository root:
# the context is the whole tree, this file is deploy/docker/flink-job.Dockerfile.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl flink-job -am package

FROM flink:2.2.1-java17
# Flink loads file systems as plugins, each from its own directory; the distribution keeps the S3
# one in opt/. The Prometheus reporter is already in plugins/metrics-prometheus.
RUN mkdir -p /opt/flink/plugins/s3-fs-presto \
 && cp /opt/flink/opt/flink-s3-fs-presto-2.2.1.jar /opt/flink/plugins/s3-fs-presto/
COPY --from=build --chown=9999:9999 /src/flink-job/target/fleetstream-flink-job.jar /opt/flink/usrlib/fleetstream-flink-job.jar
# The image's own `flink` user; the pods run as it too (runAsUser 9999).
USER 9999:9999
