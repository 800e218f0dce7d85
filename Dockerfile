# cnnstream service image. Built and run nowhere in this project's own CI (no Docker engine there):
# the compose file is validated offline with `docker-compose config -q`; this file is not.
# syntax=docker/dockerfile:1

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY cnn-engine cnn-engine
COPY service service
COPY demo/pom.xml demo/pom.xml
RUN ./mvnw -B -q -pl service -am package -DskipTests \
 && cp service/target/cnnstream-service-*-exec.jar /cnnstream.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 cnnstream \
 && useradd --system --uid 10001 --gid cnnstream --home-dir /app --shell /usr/sbin/nologin cnnstream
WORKDIR /app
COPY --from=build /cnnstream.jar /app/cnnstream.jar
USER 10001:10001
EXPOSE 8080
# Weights and labels are mounted as files (cnnstream.model.weights, cnnstream.model.labels).
# --add-modules jdk.incubator.vector: the engine's Vector API kernels (without it the scalar oracle
# runs, several times slower; the log line "Using vector kernels" tells which). The heap follows the container's memory limit; /tmp is the only
# place written (ImageIO's cache is off; mount an emptyDir there on a read-only root file system).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health/liveness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/app/cnnstream.jar"]
