package io.goxhelix.api;

import io.goxhelix.GoxConfig;
import io.goxhelix.Instance;
import io.goxhelix.coordinator.Election;
import io.goxhelix.store.CoordinatorStore;
import io.goxhelix.store.QueueStore;
import io.goxhelix.store.QueueView;
import io.goxhelix.store.WorkerStore;
import io.goxhelix.store.WorkerView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the console shows of a domain, read in one go: the cluster (this instance, the acting
 * coordinator), the domains the coordinator knows, the domain's queues with every partition's owner
 * and state, and its live workers. {@code at} is this instance's clock, against which the console
 * ages the workers' last heartbeats.
 */
@ApplicationScoped
public class ConsoleViews {

    /** The view of one domain, as the console's stream sends it. */
    public record ConsoleView(
            Instant at,
            ClusterResource.ClusterView cluster,
            List<String> domains,
            String domain,
            List<QueueView> queues,
            List<WorkerView> workers) {}

    private final Instance instance;
    private final CoordinatorStore coordinators;
    private final QueueStore queues;
    private final WorkerStore workers;
    private final GoxConfig config;
    private final Election election;

    ConsoleViews(
            Instance instance,
            CoordinatorStore coordinators,
            QueueStore queues,
            WorkerStore workers,
            GoxConfig config,
            Election election) {
        this.instance = instance;
        this.coordinators = coordinators;
        this.queues = queues;
        this.workers = workers;
        this.config = config;
        this.election = election;
    }

    Uni<ConsoleView> of(String domain) {
        Uni<ClusterResource.ClusterView> cluster = coordinators
                .current(config.coordinator().lockName(), election.lockName())
                .map(term -> new ClusterResource.ClusterView(
                        instance.id(),
                        instance.version(),
                        term.map(ClusterResource.CoordinatorView::of).orElse(null)));
        return cluster.flatMap(c -> coordinators
                .domains()
                .flatMap(domains -> queueViews(domain)
                        .flatMap(qs -> workers.live(domain, config.leaseTimeout())
                                .map(ws -> new ConsoleView(
                                        Instant.now(),
                                        c,
                                        domains.stream().sorted().toList(),
                                        domain,
                                        qs,
                                        ws)))));
    }

    private Uni<List<QueueView>> queueViews(String domain) {
        return queues.list(domain).flatMap(summaries -> {
            Uni<List<QueueView>> chain = Uni.createFrom().item(new ArrayList<>());
            for (QueueView.Summary s : summaries) {
                chain = chain.flatMap(list -> queues.view(domain, s.queue()).map((Optional<QueueView> v) -> {
                    v.ifPresent(list::add);
                    return list;
                }));
            }
            return chain;
        });
    }
}
