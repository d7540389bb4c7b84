package io.goxhelix.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.goxhelix.testing.ManagementPort;
import io.goxhelix.testing.ReactiveProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alerting rules shipped in {@code src/main/observability} use only metrics the
 * service exports: a renamed metric must fail here, not silently empty a panel or mute an alert.
 */
@QuarkusTest
@TestProfile(ReactiveProfile.class)
class ObservabilityAssetsTest {

    private static final Path ASSETS = Path.of("src", "main", "observability");
    private static final Pattern METRIC = Pattern.compile("\\bgox_[a-z_]+");

    private static Set<String> metricsUsedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** Every PromQL expression of the dashboard, joined. */
    private static String dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(ASSETS.resolve("grafana/gox-helix-dashboard.json").toFile());
        StringBuilder exprs = new StringBuilder(dashboard.path("templating").toString());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                exprs.append('\n').append(target.get("expr").asText());
            }
        }
        return exprs.toString();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExported() throws IOException {
        // Given a domain whose round has run, so that the coordinator's per-domain series exist
        String d = "obs-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body(Map.of("partitions", 2)).put("/api/v1/domains/{d}/queues/q", d);
        String w = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().contentType("application/json")
                    .body(Map.of("queues", List.of("q")))
                    .post("/api/v1/domains/{d}/workers/{w}/heartbeat", d, w)
                    .then()
                    .statusCode(200);
            assertThat(metrics())
                    .containsPattern("gox_partitions\\{domain=\"" + d + "\",queue=\"q\",state=\"ASSIGNED\",?} 2\\.0");
        });

        // When the assets' metric names are collected
        Set<String> used = metricsUsedIn(Files.readString(ASSETS.resolve("prometheus/gox-helix-alerts.yml")));
        int fromAlerts = used.size();
        used.addAll(metricsUsedIn(dashboardExpressions()));

        // Then each is a series of /q/metrics
        assertThat(fromAlerts).isGreaterThanOrEqualTo(6);
        assertThat(used).hasSizeGreaterThan(fromAlerts);
        String exported = metrics();
        assertThat(used)
                .allSatisfy(name -> assertThat(exported)
                        .as("metric %s used by the dashboard or the alerts", name)
                        .containsPattern("(?m)^" + name + "[{ ]"));
    }

    /** Health and metrics are on the management interface, a port of their own. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private String metrics() {
        return ManagementPort.metrics(management);
    }
}
