package io.goxhelix.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    private static final URI A = URI.create("http://a:8080");
    private static final URI B = URI.create("http://b:8080/");

    @Test
    void movesToTheNextInstanceOnFailureRoundRobin() {
        Endpoints e = new Endpoints(List.of(A, B));
        assertThat(e.current()).isEqualTo(A);
        e.failed(A);
        assertThat(e.current()).isEqualTo(B);
        e.failed(A); // a late failure of an instance already left behind
        assertThat(e.current()).isEqualTo(B);
        e.failed(B);
        assertThat(e.current()).isEqualTo(A);
    }

    @Test
    void resolvesUnderThePathOfTheBase() {
        assertThat(Endpoints.resolve(A, "/api/v1/x")).isEqualTo(URI.create("http://a:8080/api/v1/x"));
        assertThat(Endpoints.resolve(B, "/api/v1/x")).isEqualTo(URI.create("http://b:8080/api/v1/x"));
        assertThat(Endpoints.resolve(URI.create("https://proxy/gox/"), "/api/v1/x"))
                .isEqualTo(URI.create("https://proxy/gox/api/v1/x"));
    }
}
