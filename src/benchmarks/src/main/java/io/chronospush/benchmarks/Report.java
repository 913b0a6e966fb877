package io.chronospush.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the JSON results of JMH ({@code -rf json}) into the ratio tables of PERFORMANCE.md.
 * Usage: {@code Report result.json...}
 */
public final class Report {
    private static final double MB = 1024 * 1024;

    private final List<Result> results = new ArrayList<>();

    public static void main(String[] files) throws IOException {
        Report report = new Report();
        ObjectMapper json = new ObjectMapper();
        for (String file : files) {
            for (JsonNode run : json.readTree(Path.of(file).toFile())) {
                report.results.add(Result.of(run));
            }
        }
        report.detection();
        report.bombs();
        report.payload();
        report.wire();
    }

    private void detection() {
        Map<String, Map<String, Result>> bySet = group("DetectionBenchmark", result -> result.param("mails"));
        if (bySet.isEmpty()) {
            return;
        }
        System.out.println("| mails | HasCalendarInvite µs | HasMimeTypeAnySubPart µs | plain pass µs | James ÷ ours | ours ÷ plain pass | ours B/mail | James B/mail |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        bySet.forEach((set, by) -> {
            Result ours = by.get("hasCalendarInvite");
            Result james = by.get("hasMimeTypeAnySubPart");
            Result floor = by.get("plainPass");
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f× | %.1f× | %s | %s |%n", set,
                ours.score, james.score, floor.score, james.score / ours.score, ours.score / floor.score,
                ours.allocated(), james.allocated());
        });
        System.out.println();
    }

    private void bombs() {
        Map<String, Map<String, Result>> byBomb = group("NestingBombBenchmark", result -> result.param("bomb"));
        if (byBomb.isEmpty()) {
            return;
        }
        System.out.println("| nesting bomb | HasCalendarInvite µs | HasMimeTypeAnySubPart µs | ours B/mail | James B/mail |");
        System.out.println("|---|---:|---:|---:|---:|");
        byBomb.forEach((bomb, by) -> {
            Result ours = by.get("hasCalendarInvite");
            Result james = by.get("hasMimeTypeAnySubPart");
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %s | %s |%n", bomb, ours.score, james.score, ours.allocated(), james.allocated());
        });
        System.out.println();
    }

    private void payload() {
        Map<String, Map<String, Result>> bySize = group("PayloadBenchmark", result -> result.param("size") + " " + result.param("encoding"));
        if (bySize.isEmpty()) {
            return;
        }
        System.out.println("| body | PushPayload MB/s | obvious Jackson MB/s | UTF-8 decode MB/s | ours ÷ obvious | decode ÷ ours | ours B/op | obvious B/op |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        bySize.forEach((key, by) -> {
            int size = Integer.parseInt(key.split(" ")[0]);
            double ours = megabytesPerSecond(size, by.get("pushPayload"));
            double obvious = megabytesPerSecond(size, by.get("obviousJackson"));
            double decode = megabytesPerSecond(size, by.get("utf8Decode"));
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.1f× | %.1f× | %s | %s |%n", key,
                ours, obvious, decode, ours / obvious, decode / ours, by.get("pushPayload").allocated(), by.get("obviousJackson").allocated());
        });
        System.out.println();
    }

    private void wire() {
        Map<String, Map<String, Result>> byThreads = group("WireBenchmark", result -> String.valueOf(result.threads));
        if (byThreads.isEmpty()) {
            return;
        }
        System.out.println("| senders | PushNotifier notifications/s | bare HttpClient 5 PUTs/s | ours ÷ bare |");
        System.out.println("|---:|---:|---:|---:|");
        byThreads.forEach((threads, by) -> {
            Result ours = by.get("pushNotifier");
            Result bare = by.get("bareHttpClient");
            System.out.printf(Locale.ROOT, "| %s | %.0f ± %.0f | %.0f ± %.0f | %.2f |%n", threads,
                ours.score, ours.error, bare.score, bare.error, ours.score / bare.score);
        });
        System.out.println();
    }

    private static double megabytesPerSecond(int size, Result microsecondsPerOp) {
        return size / MB / (microsecondsPerOp.score / 1e6);
    }

    /** The results of one benchmark, by {@code key}, then by method, in the order JMH wrote them. */
    private Map<String, Map<String, Result>> group(String benchmark, Function<Result, String> key) {
        Map<String, Map<String, Result>> groups = new LinkedHashMap<>();
        results.stream()
            .filter(result -> result.benchmark.equals(benchmark))
            .forEach(result -> groups.computeIfAbsent(key.apply(result), any -> new LinkedHashMap<>()).put(result.method, result));
        return groups;
    }

    private static final class Result {
        final String benchmark;
        final String method;
        final JsonNode params;
        final int threads;
        final double score;
        final double error;
        final Optional<Double> allocatedPerOp;

        private Result(JsonNode run) {
            String[] name = run.path("benchmark").asText().split("\\.");
            this.benchmark = name[name.length - 2];
            this.method = name[name.length - 1];
            this.params = run.path("params");
            this.threads = run.path("threads").asInt();
            this.score = run.path("primaryMetric").path("score").asDouble();
            this.error = run.path("primaryMetric").path("scoreError").asDouble();
            JsonNode allocated = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
            this.allocatedPerOp = allocated.isMissingNode() ? Optional.empty() : Optional.of(allocated.path("score").asDouble());
        }

        static Result of(JsonNode run) {
            return new Result(run);
        }

        String param(String name) {
            return params.path(name).asText();
        }

        String allocated() {
            return allocatedPerOp.map(bytes -> String.format(Locale.ROOT, "%,.0f", bytes)).orElse("–");
        }
    }
}
