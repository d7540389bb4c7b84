package io.goxhelix;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This process's identity in the cluster. */
@ApplicationScoped
public class Instance {

    private final String id;
    private final String version;

    Instance(GoxConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.id = config.instanceId().orElseGet(() -> UUID.randomUUID().toString());
        this.version = version;
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }
}
