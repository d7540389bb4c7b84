package io.goxhelix.client;

import org.jboss.logging.Logger;

/**
 * Not used: a deliberate breach for {@code ArchitectureTest}, which shows that its framework rules
 * catch it. The worker client logs through {@link System.Logger}; JBoss logging is the service's.
 */
final class ForbiddenFramework {

    private static final Logger LOG = Logger.getLogger(ForbiddenFramework.class);

    private ForbiddenFramework() {}

    static void say(String message) {
        LOG.info(message);
    }
}
