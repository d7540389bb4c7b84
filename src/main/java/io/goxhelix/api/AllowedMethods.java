package io.goxhelix.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods a path of API v1 answers, read from the resources' annotations: the {@code Allow} header
 * that HTTP requires on a 405 (the framework raises the 405 without it).
 */
@RegisterForReflection(
        targets = {
            ClusterResource.class,
            QueueResource.class,
            WorkerResource.class,
            FreezeResource.class,
            TokenResource.class,
            AuditResource.class,
            LedgerResource.class,
            PartitionLedgerResource.class,
            WorkerHistoryResource.class,
            ConsoleViewResource.class,
            BenchmarkBaseline.class
        })
final class AllowedMethods {

    private record Route(Pattern path, String method) {}

    private static final Pattern PARAM = Pattern.compile("\\{[^}]+}");
    private static final List<Route> ROUTES = scan(List.of(
            ClusterResource.class,
            QueueResource.class,
            WorkerResource.class,
            FreezeResource.class,
            TokenResource.class,
            AuditResource.class,
            LedgerResource.class,
            PartitionLedgerResource.class,
            WorkerHistoryResource.class,
            ConsoleViewResource.class,
            BenchmarkBaseline.class));

    private AllowedMethods() {}

    /** The methods answered at {@code path}, HEAD and OPTIONS included as the framework adds them; empty if none. */
    static Set<String> at(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> methods = new TreeSet<>();
        for (Route r : ROUTES) {
            if (r.path().matcher(p).matches()) {
                methods.add(r.method());
            }
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        if (!methods.isEmpty()) {
            methods.add(HttpMethod.OPTIONS);
        }
        return methods;
    }

    private static List<Route> scan(List<Class<?>> resources) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        Path sub = m.getAnnotation(Path.class);
                        routes.add(new Route(pattern(sub == null ? base : base + "/" + sub.value()), http.value()));
                    }
                }
            }
        }
        return List.copyOf(routes);
    }

    private static Pattern pattern(String template) {
        String t = ("/" + template).replaceAll("/+", "/");
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAM.matcher(t);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(t.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(t.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
