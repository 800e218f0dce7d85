package io.cnnstream.service.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Exactly-once, at start-up and before the listener consumes: creates this instance's first
 * transactional producer, whose {@code initTransactions} fences the previous incarnation of the
 * same {@code cnnstream.instance-id} and aborts the transaction it left open. Created lazily at the
 * first batch instead, a restarted instance that got no partition would never fence, and the open
 * transaction would hold back every {@code read_committed} reader of the output topic until the
 * broker's {@code transaction.timeout.ms}. Transactional ids come from a pool of {@value #SUFFIXES}
 * suffixes ({@code cnnstream-<instance-id>-0} and {@code -1}, set in {@code KafkaConfiguration}) rather
 * than spring-kafka's ever-growing counter, so that the ids an incarnation used are the ids its
 * successor fences. The producers go back to the factory's cache and run the first transactions.
 */
@Component
@ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "exactly-once")
public class TransactionalFence implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(TransactionalFence.class);

    /** Transactional ids per instance: one transaction runs at a time, one more covers a producer being replaced. */
    static final int SUFFIXES = 2;

    private final ProducerFactory<?, ?> producers;

    public TransactionalFence(ProducerFactory<?, ?> producers) {
        this.producers = producers;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Producer<?, ?>> fencing = new ArrayList<>();
        try {
            for (int i = 0; i < SUFFIXES; i++) {
                fencing.add(producers.createProducer()); // each takes the next free suffix and initialises its transactions
            }
            log.info("Fenced earlier producers of transactional ids {}0 to {}{} (their open transactions are aborted)",
                    producers.getTransactionIdPrefix(), producers.getTransactionIdPrefix(), SUFFIXES - 1);
        } finally {
            fencing.forEach(Producer::close);
        }
    }
}
