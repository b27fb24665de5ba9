#!/usr/bin/python3
"""Runs the Python client against the real servers: starts build/bin's
ingest_server and query_server on free loopback ports over a temporary
database, ingests a sample report, reads its commitments back (with
read-your-writes), lists metrics and compares one. Exits non-zero on any
failure. Usage: client_test.py BUILD_DIR"""
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import govreport_client  # noqa: E402

SAMPLE = os.path.normpath(
    os.path.join(HERE, "..", "..", "tests", "data", "reports", "licang.txt"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(bin_dir, target):
    for _ in range(200):
        if subprocess.run([os.path.join(bin_dir, "reportctl"), "health",
                           "--target=" + target, "--timeout=1"],
                          capture_output=True).returncode == 0:
            return
        time.sleep(0.05)
    raise SystemExit("server on %s never became ready" % target)


def main():
    bin_dir = os.path.join(sys.argv[1], "bin")
    with tempfile.TemporaryDirectory() as work:
        ingest_target = "127.0.0.1:%d" % free_port()
        query_target = "127.0.0.1:%d" % free_port()
        db = os.path.join(work, "db")
        servers = [
            subprocess.Popen([os.path.join(bin_dir, "ingest_server"),
                              "--listen=" + ingest_target, "--db=" + db],
                             stderr=subprocess.DEVNULL),
            subprocess.Popen([os.path.join(bin_dir, "query_server"),
                              "--listen=" + query_target, "--db=" + db,
                              "--secondary_dir=" + os.path.join(work, "sec")],
                             stderr=subprocess.DEVNULL),
        ]
        try:
            wait_ready(bin_dir, ingest_target)
            wait_ready(bin_dir, query_target)
            client = govreport_client.Client(
                govreport_client.generate_stubs(os.path.join(work, "stubs")),
                ingest_target, query_target)
            result = client.ingest_file(SAMPLE, year=2024)
            assert result.commitment_count > 0, result
            assert result.district.name == "李沧区", result.district
            seq = result.sequence_number
            commitments = list(client.commitments("李沧", min_sequence=seq))
            assert len(commitments) == result.commitment_count, (
                len(commitments), result.commitment_count)
            metrics = client.metrics(min_sequence=seq)
            assert metrics, "no metrics"
            metric = next(m for m in metrics if m.metric_id)
            compared = client.compare(metric.metric_id, 2024, seq)
            assert compared.rows, "no rows for %s" % metric.metric_id
            print("python client: %d commitments, %d metrics, %s compared "
                  "over %d rows" % (len(commitments), len(metrics),
                                    metric.metric_id, len(compared.rows)))
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
