package io.cnnstream.service.pipeline;

import io.cnnstream.service.config.CnnstreamProperties;

import java.time.Duration;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * At-least-once, pipelined. The consumer thread hands each poll to one stage thread and polls again
 * as soon as the stage has started it, so that the next poll is fetched and waiting while this one
 * is classified, and this one's results are acknowledged by the broker while the next is
 * classified. Polling when the stage starts a poll, not when it is handed over, keeps the batches
 * as full as polling after each one: a poll gathers what arrived while the one before was
 * classified. At most {@value #UNSETTLED} polls are unsettled at a time (one classified, the others
 * awaiting acknowledgements), holding at most {@code cnnstream.batch.max-bytes-in-flight} of records
 * between them (a poll alone may hold more); the consumer waits for room.
 *
 * <p>What makes it safe:
 * <ul>
 * <li>A poll is acknowledged (ack mode MANUAL; the container commits on its own thread before its
 *     next poll) only after every result and dead letter of it is acknowledged <em>and</em> every
 *     earlier poll was acknowledged: the futures are chained, so offsets never pass a record that
 *     is not finished, in every partition.</li>
 * <li>When a poll fails (not a record's fault: the broker unreachable, a send timed out), every
 *     later poll fails with it. On the consumer thread, at the next poll or when the container is
 *     idle, the pipeline waits for the polls in flight, seeks each partition back to its oldest
 *     unacknowledged offset, pauses the container for the back-off and reads the records again.</li>
 * <li>Before partitions are revoked (a rebalance, a shutdown) the container waits for the polls in
 *     flight, so their acknowledgements are committed before the partitions go.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "at-least-once", matchIfMissing = true)
public class Pipeline implements ConsumerAwareRebalanceListener, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    /**
     * Classifications the consumer thread may have to wait for at once (the poll classified and the
     * one handed over after it, when a failure makes it wait for both): what the poll-interval rule counts.
     */
    public static final int DEPTH = 2;

    /** Polls unsettled at once: one classified, two awaiting acknowledgements from a slow broker. */
    static final int UNSETTLED = 3;

    /** The error handler's back-off for the same failures: 0.5 s, doubling, at most 30 s. */
    static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);
    static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);

    private final BatchClassifier classifier;
    private final CnnstreamProperties properties;
    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final ExecutorService stage = Executors.newSingleThreadExecutor(task -> new Thread(task, "cnnstream-pipeline"));
    private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cnnstream-pipeline-resume");
        thread.setDaemon(true);
        return thread;
    });
    private final Semaphore room = new Semaphore(UNSETTLED);
    /** The encoded bytes unsettled polls may hold, in KiB. */
    private final Semaphore bytesRoom;
    private final int bytesBudget;
    /** Polls handed over and not acknowledged, oldest first. */
    private final Deque<Poll> unacknowledged = new ConcurrentLinkedDeque<>();
    /** The first failure since the last rewind. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    /** What the stage sent for the poll before: a poll behind one already failed is not classified. */
    private volatile CompletableFuture<Void> lastSent = CompletableFuture.completedFuture(null);
    /** The newest poll's acknowledgement: settled means every poll handed over is. Consumer thread only. */
    private CompletableFuture<Void> newest = CompletableFuture.completedFuture(null);

    public Pipeline(BatchClassifier classifier, CnnstreamProperties properties,
                    ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        this.classifier = classifier;
        this.properties = properties;
        this.listeners = listeners;
        this.bytesBudget = (int) Math.min(Integer.MAX_VALUE, Math.max(1, properties.batch().maxBytesInFlight() >> 10));
        this.bytesRoom = new Semaphore(bytesBudget);
    }

    /** One poll's records, their first offset in each partition, and the handle that commits them. */
    private record Poll(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack) {
        long bytes() {
            long bytes = 0;
            for (ConsumerRecord<?, ?> r : records) {
                bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
            }
            return bytes;
        }

        Map<TopicPartition, Long> firstOffsets() {
            Map<TopicPartition, Long> first = new HashMap<>();
            for (ConsumerRecord<?, ?> r : records) {
                first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
            }
            return first;
        }
    }

    /** Where a rewind seeks: the consumer itself on its thread, or the container's seek callback. */
    @FunctionalInterface
    interface Seek {
        void seek(String topic, int partition, long offset);
    }

    /** On the consumer thread: hand the poll over, or rewind if an earlier one failed. */
    void submit(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack, Consumer<?, ?> consumer) {
        Poll poll = new Poll(records, ack);
        if (rewindIfFailed((topic, partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset), poll)) {
            return;
        }
        // a poll bigger than the whole budget takes all of it: it runs once the others have settled
        int kib = (int) Math.min(bytesBudget, (poll.bytes() + 1023) >> 10);
        try {
            room.acquire(); // bounded: the oldest poll settles within its inference and one send-timeout
            try {
                bytesRoom.acquire(kib); // bounded likewise: every unsettled poll gives its bytes back
            } catch (InterruptedException e) {
                room.release();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for room in the pipeline", e);
        }
        if (rewindIfFailed((topic, partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset), poll)) {
            bytesRoom.release(kib);
            room.release();
            return;
        }
        unacknowledged.addLast(poll);
        CompletableFuture<Void> earlier = newest;
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> acknowledged = CompletableFuture.supplyAsync(() -> {
                    started.countDown();
                    // a poll behind a failed one is read again after the rewind: classifying it now would be
                    // wasted, and its sends could wait another max.block.ms for a missing topic
                    if (lastSent.isCompletedExceptionally() || failure.get() != null) {
                        return lastSent = CompletableFuture.failedFuture(new KafkaException("an earlier poll failed"));
                    }
                    return lastSent = classifier.classifyAndSend(records);
                }, stage)
                .thenCompose(Function.identity())
                .thenCombine(earlier, (mine, before) -> (Void) null)
                .thenRun(() -> {
                    ack.acknowledge();
                    unacknowledged.remove(poll);
                    failuresInARow.set(0);
                });
        // the bookkeeping is part of the future: whoever waits for it sees the failure recorded
        newest = acknowledged.whenComplete((ok, e) -> {
            if (e != null) {
                failure.compareAndSet(null, BatchClassifier.failure(e, properties));
            }
            bytesRoom.release(kib);
            room.release();
        });
        try {
            started.await(); // bounded: the poll before is classified within one batch's time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while the poll before was classified", e);
        }
    }

    /** On the consumer thread, when no records came for a while: a failure must not wait for new records. */
    void idle(Seek seek) {
        rewindIfFailed(seek, null);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        awaitSettled(); // the container commits the acknowledgements right after this returns
        RuntimeException cause = failure.getAndSet(null);
        if (cause != null) {
            // partitions kept read their unfinished records again; revoked ones go to their next owner from the commit
            Map<TopicPartition, Long> to = oldestUnacknowledged(null);
            to.keySet().removeAll(partitions);
            to.forEach((tp, offset) -> consumer.seek(tp, offset));
            unacknowledged.clear();
            log.warn("Records failed before partitions {} were revoked; reading {} again: {}", partitions, to, cause.toString());
        }
    }

    private boolean rewindIfFailed(Seek seek, Poll current) {
        if (failure.get() == null) {
            return false;
        }
        awaitSettled();
        RuntimeException cause = failure.getAndSet(null);
        Map<TopicPartition, Long> to = oldestUnacknowledged(current);
        to.forEach((tp, offset) -> seek.seek(tp.topic(), tp.partition(), offset));
        unacknowledged.clear();
        Duration backOff = nextBackOff();
        log.warn("Records failed and will be read again from {} after {} ms: {}", to, backOff.toMillis(), cause.toString());
        pauseFor(backOff);
        return true;
    }

    private Map<TopicPartition, Long> oldestUnacknowledged(Poll current) {
        Map<TopicPartition, Long> to = new HashMap<>();
        for (Poll p : unacknowledged) {
            p.firstOffsets().forEach((tp, offset) -> to.merge(tp, offset, Math::min));
        }
        if (current != null) {
            current.firstOffsets().forEach((tp, offset) -> to.merge(tp, offset, Math::min));
        }
        return to;
    }

    /** Waits for every poll handed over; afterwards the next poll depends on none of them. */
    private void awaitSettled() {
        newest.handle((ok, e) -> null).join(); // every poll waits for the one before, so the newest settles last
        newest = CompletableFuture.completedFuture(null);
        lastSent = CompletableFuture.completedFuture(null);
    }

    private Duration nextBackOff() {
        int n = Math.min(failuresInARow.getAndIncrement(), 16);
        Duration backOff = FIRST_BACK_OFF.multipliedBy(1L << n);
        return backOff.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff;
    }

    /** Pauses the container (it keeps polling, so the group keeps the instance) and resumes it later. */
    private void pauseFor(Duration backOff) {
        MessageListenerContainer container = listeners.getObject().getListenerContainer(ClassificationListener.ID);
        if (container == null) {
            return;
        }
        container.pause();
        resumer.schedule(container::resume, backOff.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() throws InterruptedException {
        stage.shutdown();
        resumer.shutdownNow();
        if (!stage.awaitTermination(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("The pipeline's last batch did not finish within cnnstream.send-timeout; its records will be read again");
            stage.shutdownNow();
        }
    }
}
