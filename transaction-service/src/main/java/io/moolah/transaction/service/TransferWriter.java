package io.moolah.transaction.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.moolah.platform.tracing.TraceParents;
import io.moolah.platform.web.DatabaseOutage;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.config.LedgerSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.Shard;
import io.moolah.transaction.shard.ShardScope;
import io.moolah.transaction.shard.WalletDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The batching writer: transfers wait in a bounded queue, and a few writer threads each take what has gathered (up to
 * {@code max-size}, waiting at most {@code linger} for more) and post it as one {@link TransferBatch}. Under light load a
 * batch is the one request that came (no added wait with linger 0); under heavy load batches grow by themselves
 * while the previous one commits, so the database sees one transaction per batch instead of one per transfer.
 * <p>
 * A request is answered only after its batch committed: an acknowledged transfer is durable whatever happens to this
 * process next. A batch that fails as a whole (not one transfer's refusal: a bug, a constraint the database caught) is
 * posted again one transfer at a time, so only the culprit fails; a database outage fails the batch with 503, and the
 * client's retry with the same key gets the answer. Several writers, here or in other replicas, never deadlock: each
 * batch locks its accounts in one statement in ascending id order.
 */
@ApplicationScoped
public class TransferWriter {
    private static final Logger LOG = Logger.getLogger(TransferWriter.class);
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("moolah.batch.size");
    private static final int MAX_LINKS = 128;

    @Inject
    Tracer tracer;
    private static final long POLL_MILLIS = 100;

    @Inject
    TransferBatch batch;

    @Inject
    LedgerSettings settings;

    @Inject
    MeterRegistry registry;

    @Inject
    LedgerShards shards;

    @Inject
    WalletDirectory directory;

    @Inject
    CrossShardTransfers crossShard;

    @Inject
    Idempotency idempotency;

    private record Waiting(TransferOrder order, CompletableFuture<Idempotency.Outcome> answer) {
    }

    /** One queue per shard, its writers posting on that shard only (a batch is one shard's transaction). */
    private final Map<Integer, BlockingQueue<Waiting>> queues = new HashMap<>();
    private final List<Thread> writers = new ArrayList<>();
    /** Finishes cross-shard transfers after their batch (receiver's and sender's steps) while the writers go on. */
    private ExecutorService completer;
    private volatile boolean running;
    private DistributionSummary batchSizes;
    private Timer batchTimes;

    void start(@Observes StartupEvent event) {
        LedgerSettings.Batch config = settings.batch();
        batchSizes = DistributionSummary.builder("moolah.ledger.batch.size")
                .description("Transfers posted per database transaction by the batching writer")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
        batchTimes = Timer.builder("moolah.ledger.batch.duration")
                .description("Time to post one batch of transfers, commit included").register(registry);
        registry.gauge("moolah.ledger.batch.queued", queues, all -> all.values().stream().mapToInt(BlockingQueue::size).sum());
        // A batch's cross-shard completion waits on two commits (one per shard) and holds no lock meanwhile: enough
        // threads that several batches' completions overlap, rather than each writer's next batch waiting for them.
        completer = Executors.newFixedThreadPool(4 * shards.count() * config.writers(), runnable -> {
            Thread thread = new Thread(runnable, "ledger-cross-shard");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        for (Shard shard : shards.shards()) {
            BlockingQueue<Waiting> queue = new ArrayBlockingQueue<>(config.queueCapacity());
            queues.put(shard.number(), queue);
            for (int i = 0; i < config.writers(); i++) {
                Thread writer = new Thread(() -> write(shard, queue), "ledger-writer-" + shard.number() + "-" + i);
                writer.setDaemon(true);
                writer.start();
                writers.add(writer);
            }
        }
    }

    /**
     * Queues a transfer for the next batch.
     *
     * @return its answer, once its batch has committed; a 503 {@code LEDGER_BUSY} at once when the queue is full
     */
    public CompletionStage<Idempotency.Outcome> submit(TransferOrder order) {
        CompletableFuture<Idempotency.Outcome> answer = new CompletableFuture<>();
        BlockingQueue<Waiting> queue = queues.get(directory.numberOf(order.fromWalletId()).orElse(0));
        if (!running || !queue.offer(new Waiting(order, answer))) {
            answer.completeExceptionally(ProblemException.unavailable("LEDGER_BUSY",
                    "The ledger has more transfers waiting than it takes; send the same request (same Idempotency-Key) again.", 1));
        }
        return answer;
    }

    private void write(Shard shard, BlockingQueue<Waiting> queue) {
        int maxSize = settings.batch().maxSize();
        long lingerNanos = settings.batch().linger().toNanos();
        List<Waiting> gathered = new ArrayList<>(maxSize);
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                gathered.add(first);
                queue.drainTo(gathered, maxSize - gathered.size());
                long deadline = System.nanoTime() + lingerNanos;
                while (gathered.size() < maxSize && lingerNanos > 0) {
                    long left = deadline - System.nanoTime();
                    Waiting next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    gathered.add(next);
                    queue.drainTo(gathered, maxSize - gathered.size());
                }
                post(shard, gathered);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("the ledger writer failed a batch", e);
                gathered.forEach(waiting -> waiting.answer().completeExceptionally(e));
            } finally {
                gathered.clear();
            }
        }
    }

    /** Posts one batch and answers each of its transfers; a batch that fails as a whole is posted one by one. */
    private void post(Shard shard, List<Waiting> waiting) {
        List<TransferOrder> orders = waiting.stream().map(Waiting::order).toList();
        long started = System.nanoTime();
        List<TransferBatch.Settled> settled;
        Span span = batchSpan(orders);
        try (Scope ignored = span.makeCurrent()) {
            settled = ShardScope.on(shard, () -> batch.post(orders));
        } catch (RuntimeException failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
            span.end();
            if (waiting.size() == 1 || DatabaseOutage.explains(failure)) {
                waiting.forEach(each -> each.answer().completeExceptionally(failure));
                return;
            }
            LOG.warnf("a batch of %d transfers failed as a whole (%s); posting them one by one", waiting.size(), failure.toString());
            for (Waiting each : waiting) {
                post(shard, List.of(each));
            }
            return;
        }
        span.end();
        batchTimes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        batchSizes.record(waiting.size());
        List<CrossShardTransfers.Sent> across = new ArrayList<>();
        Map<java.util.UUID, Waiting> acrossWaiting = new HashMap<>();
        for (int i = 0; i < waiting.size(); i++) {
            TransferBatch.Settled answer = settled.get(i);
            CompletableFuture<Idempotency.Outcome> client = waiting.get(i).answer();
            if (answer.refusal() != null) {
                client.completeExceptionally(answer.refusal());
            } else if (answer.sent() != null) {
                across.add(answer.sent());
                acrossWaiting.put(answer.sent().event().transferId(), waiting.get(i));
            } else {
                client.complete(answer.outcome());
            }
        }
        if (!across.isEmpty()) {
            finishAcross(across, acrossWaiting);
        }
    }

    /**
     * The batch's span (its statements are its children): in the trace of its first transfer, linked to the others'
     * (a span has one parent; OpenTelemetry's links name the rest).
     */
    private Span batchSpan(List<TransferOrder> orders) {
        SpanBuilder builder = tracer.spanBuilder("post transfer batch")
                .setParent(TraceParents.contextOf(orders.get(0).traceParent()))
                .setAttribute(BATCH_SIZE, (long) orders.size());
        for (int i = 1; i < orders.size() && i <= MAX_LINKS; i++) {
            SpanContext other = Span.fromContext(TraceParents.contextOf(orders.get(i).traceParent())).getSpanContext();
            if (other.isValid()) {
                builder.addLink(other);
            }
        }
        return builder.startSpan();
    }

    /**
     * The batch's cross-shard transfers' last steps, off the writer thread (one transaction per shard for all of them):
     * each client is answered with its transfer as it then stands (POSTED, RETURNED, or PENDING when its events must
     * finish it).
     */
    private void finishAcross(List<CrossShardTransfers.Sent> across, Map<java.util.UUID, Waiting> waiting) {
        Runnable answerPending = () -> across.forEach(sent -> waiting.get(sent.event().transferId()).answer()
                .complete(idempotency.answer(201, sent.result())));
        try {
            completer.execute(() -> {
                try {
                    Map<java.util.UUID, TransferService.Result> answers = crossShard.completeAll(across);
                    answers.forEach((id, result) -> waiting.get(id).answer().complete(idempotency.answer(201, result)));
                } catch (RuntimeException e) {
                    answerPending.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            answerPending.run();
        }
    }

    /** Stops taking transfers; the writers finish what is queued (each batch commits and is answered), then end. */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(settings.batch().drainTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (BlockingQueue<Waiting> queue : queues.values()) {
            Waiting left;
            while ((left = queue.poll()) != null) {
                left.answer().completeExceptionally(ProblemException.unavailable("LEDGER_BUSY",
                        "The service is stopping; send the same request (same Idempotency-Key) again.", 1));
            }
        }
        completer.shutdown();
        try {
            completer.awaitTermination(settings.batch().drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
