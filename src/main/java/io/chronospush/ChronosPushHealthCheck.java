package io.chronospush;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import io.chronospush.status.Health;
import io.chronospush.status.PushStatus;
import reactor.core.publisher.Mono;

/**
 * The extension in James's health checks, component {@value #COMPONENT}, listed in
 * {@code conf/healthcheck.properties}:
 * <pre>
 * additional.healthchecks=io.chronospush.ChronosPushHealthCheck
 * </pre>
 * {@code GET /healthcheck} then shows it beside James's own, {@code GET /healthcheck/checks/ChronosPush}
 * alone. Healthy while notifications are accepted; degraded (HTTP 200, as James answers a degraded
 * check) while a mailet's circuit is open or its last attempts failed, with the masked endpoint
 * and the last failure as cause; unhealthy (HTTP 503 for the whole {@code /healthcheck}) when no
 * {@link ChronosPushNotification} runs: the check is configured, the mailet is not. See {@link Health}.
 */
public class ChronosPushHealthCheck implements HealthCheck {
    public static final String COMPONENT = "ChronosPush";
    private static final ComponentName NAME = new ComponentName(COMPONENT);

    private final PushStatus status;

    @Inject
    public ChronosPushHealthCheck(PushStatus status) {
        this.status = status;
    }

    @Override
    public ComponentName componentName() {
        return NAME;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(() -> result(Health.of(status.snapshots())));
    }

    private static Result result(Health health) {
        switch (health.level()) {
            case HEALTHY:
                return Result.healthy(NAME);
            case DEGRADED:
                return Result.degraded(NAME, health.cause().orElseThrow());
            default:
                return Result.unhealthy(NAME, health.cause().orElseThrow());
        }
    }
}
