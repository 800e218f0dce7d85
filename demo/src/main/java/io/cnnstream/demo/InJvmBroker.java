package io.cnnstream.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The demo's and the benchmark's Kafka: one KRaft node in this JVM, able to run transactions and take 20 MB records. */
final class InJvmBroker {
    private InJvmBroker() {
    }

    static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("message.max.bytes", "22020096", "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        // Kafka's storage formatter prints its bootstrap records with System.out.println, not a logger
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            broker.afterPropertiesSet();
        } finally {
            System.setOut(out);
        }
        return broker;
    }
}
