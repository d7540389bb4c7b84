package io.goxhelix.access;

import io.goxhelix.names.DomainName;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who sends a request: a token's holder, or the bootstrap operator of the configuration.
 *
 * @param id stable identifier: the token's id (a UUID), or {@value #BOOTSTRAP_ID}; this is what a
 *     worker row records as the principal that registered it
 * @param name the token's human-readable name
 * @param domains the domains a worker may act in (empty: none); always empty for an operator, who
 *     administers every domain
 */
public record Principal(String id, String name, Role role, SortedSet<String> domains) {

    /** The id of the operator whose token comes from the configuration. */
    public static final String BOOTSTRAP_ID = "bootstrap";

    public Principal {
        if (id == null || id.isBlank() || name == null || role == null || domains == null) {
            throw new IllegalArgumentException("A principal needs an id, a name, a role and a set of domains");
        }
        TreeSet<String> checked = new TreeSet<>();
        for (String d : domains) {
            checked.add(DomainName.of(d).value());
        }
        if (role == Role.OPERATOR && !checked.isEmpty()) {
            throw new IllegalArgumentException("An operator administers every domain: it is given none");
        }
        domains = Collections.unmodifiableSortedSet(checked);
    }

    public static Principal operator(String id, String name) {
        return new Principal(id, name, Role.OPERATOR, new TreeSet<>());
    }

    public static Principal worker(String id, String name, Set<String> domains) {
        return new Principal(id, name, Role.WORKER, new TreeSet<>(domains));
    }

    /** The operator of {@code gox.auth.bootstrap-token}. */
    public static Principal bootstrap() {
        return operator(BOOTSTRAP_ID, BOOTSTRAP_ID);
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /** True if the principal may act in {@code domain}: an operator everywhere, a worker in its own. */
    public boolean covers(String domain) {
        return isOperator() || domains.contains(domain);
    }
}
