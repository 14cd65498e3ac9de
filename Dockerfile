# The reclaimer CLI in a container. Build the jar first (./mvnw -B -DskipTests -pl app -am package),
# then: docker build -t reclaimer .
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 reclaimer
COPY app/target/reclaimer.jar /opt/reclaimer/reclaimer.jar
USER 10001
EXPOSE 9400 3000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/reclaimer/reclaimer.jar"]
CMD ["--help"]
