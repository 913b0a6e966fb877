package io.chronospush.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.inject.Module;

/**
 * One James node in a JVM of its own, so that a test can kill it with SIGKILL: boots the sample
 * (JamesScenario's users and Sieve scripts) on a working directory, with the queue module named
 * by its second argument, prints {@value #READY} and its ports on stdout, and runs until killed
 * or until its standard input ends: a node never outlives the test JVM that started it.
 *
 * <pre>java -Dchronos.root=... -Dchronos.jar=... -Dchronos.log=node.log io.chronospush.embedded.JamesNode WORKDIR memory|activemq|rabbitmq url=... delayTime=...</pre>
 * On "rabbitmq", {@code -Dnode.rabbitmq.vhost=VHOST} (which must exist) and {@code -Dnode.blobs=DIR}
 * (the blob store the nodes share) are required.
 */
public final class JamesNode {
    static final String READY = "JAMES-NODE-READY";

    /** For "rabbitmq": the broker's vhost the node's queues are on. */
    static final String RABBITMQ_VHOST = "node.rabbitmq.vhost";
    /** For "rabbitmq": the directory of the blob store the nodes share. */
    static final String BLOBS = "node.blobs";

    private JamesNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: JamesNode WORKDIR memory|activemq|rabbitmq [mailet-parameter=value...]");
            System.exit(2);
        }
        Path workDir = Paths.get(args[0]);
        Module[] queue = queueModules(args[1]);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : Arrays.asList(args).subList(2, args.length)) {
            int equals = parameter.indexOf('=');
            parameters.put(parameter.substring(0, equals), parameter.substring(equals + 1));
        }
        EmbeddedJames james;
        try {
            james = JamesScenario.boot(workDir, parameters, queue);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.out.flush();
            Runtime.getRuntime().halt(3);
            return;
        }
        System.out.println(READY + " smtp=" + james.smtpPort() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        // The test JVM holds the other end of stdin: when it ends, dies or closes it, so does this node.
        try {
            while (System.in.read() >= 0) {
                // nothing to read but the end
            }
        } catch (IOException ended) {
            // the same
        }
        Runtime.getRuntime().halt(0);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalArgumentException("-D" + property + "=... is required for this queue");
        }
        return value;
    }

    private static Module[] queueModules(String queue) {
        switch (queue) {
            case "memory":
                return new Module[0];
            case "activemq":
                return new Module[] {new ActiveMqQueueModule()};
            case "rabbitmq":
                // Two nodes share the broker's vhost, and the blobs (mail bodies) of what waits on it.
                return new Module[] {new RabbitMqQueueModule(required(RABBITMQ_VHOST)), DirectoryBlobStoreDAO.module(Paths.get(required(BLOBS)))};
            default:
                throw new IllegalArgumentException("unknown queue " + queue + "; expected one of " + List.of("memory", "activemq", "rabbitmq"));
        }
    }
}
