package io.goxhelix.testing;

import static io.restassured.RestAssured.given;

import java.net.URI;

/**
 * Health and metrics live on the management interface, a port of its own: tests inject its URI with
 * {@code @TestHTTPResource(value = "/", management = true)} and read it here.
 */
public final class ManagementPort {

    private ManagementPort() {}

    /** The Prometheus text of {@code /q/metrics}. */
    public static String metrics(URI management) {
        return given().baseUri("http://" + management.getHost())
                .port(management.getPort())
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
