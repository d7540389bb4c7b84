package io.goxhelix.client;

import io.goxhelix.store.Term;

/**
 * Not used: a deliberate breach for {@code ArchitectureTest}, which shows that its layering catches
 * it. The worker client talks to the service over HTTP only and must not use the service's classes.
 */
final class ForbiddenStoreUse {

    private ForbiddenStoreUse() {}

    static long termOf(Term term) {
        return term.term();
    }
}
