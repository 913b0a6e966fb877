package io.chronospush;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import io.chronospush.address.DeliveryFolder;
import io.chronospush.check.CheckedNotification;
import io.chronospush.config.ChronosPushConfiguration;
import io.chronospush.status.PushStatus;
import io.chronospush.status.RunningMailet;
import io.chronospush.status.StatusJson;
import io.chronospush.transport.PushOutcome;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The extension in James's webadmin, listed in {@code conf/webadmin.properties}:
 * <pre>
 * extensions.routes=io.chronospush.ChronosPushRoutes
 * </pre>
 * <ul>
 * <li>{@code GET /chronos-push}: each running {@link ChronosPushNotification} (masked endpoint,
 * method, timeout, retries, circuit, pending retries, where dead letters go, the last failure)
 * and the counters since start.</li>
 * <li>{@code POST /chronos-push/check?user=bob@example.com[&folder=Calendar]} with a message
 * ({@code .eml}) as body: one notification sent now with the running mailet's settings, as the
 * check tool sends it ({@link CheckedNotification}); the answer says what it came to.</li>
 * </ul>
 * Webadmin's authentication, when on ({@code jwt.enabled=true}), guards both.
 */
public class ChronosPushRoutes implements Routes {
    public static final String BASE_PATH = "/chronos-push";
    public static final String CHECK = BASE_PATH + "/check";
    private static final int BAD_REQUEST = 400;
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final String JSON = "application/json";

    private final PushStatus status;

    @Inject
    public ChronosPushRoutes(PushStatus status) {
        this.status = status;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::status);
        service.post(CHECK, this::check);
    }

    private String status(Request request, Response response) {
        response.type(JSON);
        return StatusJson.status(status.snapshots(), status.counts());
    }

    private String check(Request request, Response response) {
        response.type(JSON);
        Optional<String> user = parameter(request, "user");
        String folder = parameter(request, "folder").orElse(DeliveryFolder.INBOX);
        byte[] message = request.bodyAsBytes();
        if (user.isEmpty()) {
            return error(response, BAD_REQUEST, "InvalidArgument", "the 'user' query parameter is required: the account the"
                + " notification is for, as James names it (bob@example.com)");
        }
        if (message == null || message.length == 0) {
            return error(response, BAD_REQUEST, "InvalidArgument", "the body is empty: send the message (.eml) to notify about,"
                + " e.g. curl --data-binary @invite.eml");
        }
        List<RunningMailet> mailets = status.mailets();
        if (mailets.isEmpty()) {
            return error(response, SERVICE_UNAVAILABLE, "ServerError", "no " + ChronosPushConfiguration.MAILET_NAME + " mailet is running, so there"
                + " is no endpoint to check: add it to mailetcontainer.xml");
        }
        RunningMailet mailet = mailets.get(0);
        CheckedNotification notification = CheckedNotification.of(message, user.get(), folder);
        PushOutcome outcome = mailet.check(notification);
        return StatusJson.checked(notification.verdict(outcome), outcome.isAccepted(), outcome.status(), mailet.endpoint(),
            notification.user(), notification.folder(), notification.lineEndsNormalised());
    }

    private static Optional<String> parameter(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static String error(Response response, int status, String type, String message) {
        response.status(status);
        return StatusJson.error(status, type, message);
    }
}
