#!/usr/bin/env bash
# A real non-Java client against the service: kcat (librdkafka) publishes a PNG with a key and a
# tracing header to a broker this script starts (the demo's in-JVM KRaft broker, no samples), then
# reads the result with kcat and checks the message contract; the dead letter's origin is read with
# Python's confluent-kafka. Needs kcat, python3-confluent-kafka and a built demo jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
demo_pid=""
cleanup() {
  if [[ -n "$demo_pid" ]] && kill -0 "$demo_pid" 2>/dev/null; then
    kill "$demo_pid"
    wait "$demo_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

bin/demo --no-samples --bootstrap-file "$work/bootstrap" --port 0 \
  --cnnstream.batch.max-size=4 --cnnstream.model.warmup-batches=1 > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 180); do
  grep -q "^demo: metrics:" "$work/demo.log" 2>/dev/null && break
  kill -0 "$demo_pid" 2>/dev/null || { echo "kcat test: the demo died:"; cat "$work/demo.log"; exit 1; }
  sleep 1
done
grep -q "^demo: metrics:" "$work/demo.log" || { echo "kcat test: the service did not start in 180 s"; cat "$work/demo.log"; exit 1; }
bootstrap="$(cat "$work/bootstrap")"

kcat -P -b "$bootstrap" -t images -k kcat-chelsea -H "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" \
  samples/images/chelsea.png
printf 'not an image' > "$work/garbage.bin"
kcat -P -b "$bootstrap" -t images -k kcat-garbage "$work/garbage.bin"

result="$(timeout 120 kcat -C -b "$bootstrap" -t classifications -o beginning -c 1 -f '%k\t%h\t%s\n')"
dead="$(timeout 120 kcat -C -b "$bootstrap" -t images.DLT -o beginning -c 1 -f '%k\t%h\n')"
echo "kcat read result:      ${result:0:300}"
echo "kcat read dead letter: ${dead:0:200}"

fail=0
check() { if ! grep -q -- "$2" <<< "$1"; then echo "kcat test FAILED: expected '$2'"; fail=1; fi; }
check "$result" $'^kcat-chelsea\t'
check "$result" 'traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
check "$result" '"id":"kcat-chelsea"'
check "$result" '"label":"'
check "$result" '"top":\[{"index":'
check "$result" '"model":{"name":"alexnet","sha256":"untrained"}'
check "$result" '"source":{"topic":"images","partition":0,"offset":0,'
check "$dead" $'^kcat-garbage\t'
check "$dead" 'cnnstream-reason=unknown-format'
check "$dead" 'kafka_dlt-original-topic=images'
# the original partition, offset and timestamp are big-endian binary (spring-kafka's encoding): read
# them as the README says, with Python's confluent-kafka (librdkafka, like kcat)
origin="$(timeout 120 /usr/bin/python3 docs/read_dead_letter.py "$bootstrap" images.DLT)"
echo "python read dead letter origin: $origin"
check "$origin" '^kcat-garbage images partition 0 offset 1 timestamp [0-9]\{13\}$'
[[ $fail -eq 0 ]] && echo "1 passed, 0 failed: kcat round trip"
exit $fail
