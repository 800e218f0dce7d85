#!/usr/bin/python3
"""Prints where each dead letter came from: key, topic, partition, offset, timestamp.

    /usr/bin/python3 docs/read_dead_letter.py BOOTSTRAP [DEAD_LETTER_TOPIC] [COUNT]

spring-kafka writes kafka_dlt-original-partition as a 4-byte and -offset / -timestamp as 8-byte
big-endian integers; the other kafka_dlt-* headers and cnnstream-reason are UTF-8 text. Needs
Debian's python3-confluent-kafka (librdkafka). Run by service/src/test/scripts/kcat-roundtrip.sh.
"""
import sys

from confluent_kafka import Consumer


def main(bootstrap, topic="images.DLT", count=1):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "dead-letter-reader",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    read = 0
    while read < int(count):
        record = consumer.poll(30)
        if record is None:
            sys.exit("no dead letter within 30 s")
        if record.error():
            continue
        headers = dict(record.headers() or [])
        number = lambda name: int.from_bytes(headers[name], "big")  # noqa: E731
        print(record.key().decode(), headers["kafka_dlt-original-topic"].decode(),
              "partition", number("kafka_dlt-original-partition"), "offset", number("kafka_dlt-original-offset"),
              "timestamp", number("kafka_dlt-original-timestamp"))
        read += 1
    consumer.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
