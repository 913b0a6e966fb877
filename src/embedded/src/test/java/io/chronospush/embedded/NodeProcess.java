package io.chronospush.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link JamesNode} in a JVM of its own, started with this JVM's {@code java} and class path and
 * the system properties of the embedded tests, its log in a file of its own. {@link #kill()}
 * sends SIGKILL ({@link Process#destroyForcibly()} does on Linux, checked by the exit status
 * 128 + 9) and waits for the process to be gone; {@link #close()} does the same to a node still
 * running, for a test's {@code @AfterEach}.
 */
final class NodeProcess implements AutoCloseable {
    static final int SIGKILL_EXIT = 128 + 9;
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Pattern READY = Pattern.compile(JamesNode.READY + " smtp=(\\d+) pid=(\\d+)");

    final String name;
    final Path log;
    final Path output;
    private final Process process;
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
    private int smtpPort;

    private NodeProcess(String name, Path log, Path output, Process process) {
        this.name = name;
        this.log = log;
        this.output = output;
        this.process = process;
    }

    /**
     * Starts node {@code name} on {@code workDir}, on the queue {@code queue} ("memory",
     * "activemq"), with {@code parameters} of the mailet set, and waits for it to be ready. Its
     * James log is {@code <logDir>/<name>.log}, what it prints {@code <logDir>/<name>.out}.
     */
    static NodeProcess start(String name, Path workDir, Path logDir, String queue, Map<String, String> parameters,
                             String... jvmOptions) throws Exception {
        Path log = logDir.resolve(name + ".log");
        Path output = logDir.resolve(name + ".out");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-Xmx1g");
        command.add("-Dchronos.root=" + JamesScenario.ROOT);
        command.add("-Dchronos.jar=" + JamesScenario.JAR);
        command.add("-Dchronos.log=" + log);
        command.add("-Djames.exit.on.startup.error=false");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JamesNode.class.getName());
        command.add(workDir.toString());
        command.add(queue);
        parameters.forEach((key, value) -> command.add(key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        NodeProcess node = new NodeProcess(name, log, output, process);
        node.pumpOutput();
        node.awaitReady();
        return node;
    }

    /** Copies what the node prints to its {@code .out} file, and catches its ready line. */
    private void pumpOutput() throws IOException {
        Writer out = Files.newBufferedWriter(output, UTF_8);
        Thread pump = new Thread(() -> {
            try (out; BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        ready.complete(matcher);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("node " + name + " ended before it was ready; see " + output + " and " + log));
        }, "node-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitReady() throws Exception {
        try {
            Matcher matcher = ready.get(BOOT.toSeconds(), TimeUnit.SECONDS);
            smtpPort = Integer.parseInt(matcher.group(1));
            if (Long.parseLong(matcher.group(2)) != process.pid()) {
                throw new IllegalStateException("node " + name + " says its pid is " + matcher.group(2) + ", not " + process.pid());
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    int smtpPort() {
        return smtpPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits for the process to be gone; returns its exit status, 137 when SIGKILL ended it. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + name + " (pid " + process.pid() + ") still runs 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
