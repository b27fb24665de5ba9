#!/usr/bin/python3
"""A small Python client of the govreport services.

Stubs are generated from proto/ at run time (see generate_stubs), so nothing
generated is committed. Uses Debian's python3-grpcio and python3-protobuf.

  govreport_client.py --ingest HOST:PORT ingest FILE [--year=2024]
  govreport_client.py --query HOST:PORT commitments DISTRICT [--min-sequence=N]
  govreport_client.py --query HOST:PORT compare METRIC [--year=2024]
"""
import argparse
import importlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "proto"))
# google/rpc/status.proto, which ingest.proto imports, as Debian ships it
# (golang-github-gogo-googleapis-dev).
GOOGLE_RPC_ROOT = "/usr/share/gocode/src/github.com/gogo/googleapis"


def generate_stubs(out_dir):
    """Runs protoc with grpc_python_plugin into out_dir; returns the modules."""
    os.makedirs(out_dir, exist_ok=True)
    protos = [os.path.join("govreport", "v1", name)
              for name in ("records.proto", "ingest.proto", "query.proto")]
    subprocess.run(
        ["protoc", "-I", PROTO_ROOT, "-I", GOOGLE_RPC_ROOT,
         "--python_out", out_dir, "--grpc_python_out", out_dir,
         "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin"] + protos,
        check=True)
    # google.rpc.Status, into the google namespace package beside protobuf's.
    subprocess.run(
        ["protoc", "-I", GOOGLE_RPC_ROOT, "--python_out", out_dir,
         os.path.join("google", "rpc", "status.proto")], check=True)
    for package in ("govreport", os.path.join("govreport", "v1")):
        open(os.path.join(out_dir, package, "__init__.py"), "a").close()
    sys.path.insert(0, out_dir)
    modules = {}
    for name in ("records_pb2", "ingest_pb2", "ingest_pb2_grpc", "query_pb2",
                 "query_pb2_grpc"):
        modules[name] = importlib.import_module("govreport.v1." + name)
    return modules


class Client:
    """Typed calls on the two services."""

    def __init__(self, modules, ingest_target=None, query_target=None):
        import grpc
        self.m = modules
        self.ingest = None
        self.query = None
        if ingest_target:
            self.ingest = modules["ingest_pb2_grpc"].IngestServiceStub(
                grpc.insecure_channel(ingest_target))
        if query_target:
            self.query = modules["query_pb2_grpc"].QueryServiceStub(
                grpc.insecure_channel(query_target))

    def ingest_file(self, path, year=0, client_id=""):
        with open(path, "rb") as f:
            content = f.read()
        report = self.m["records_pb2"].RawReport(
            content=content, file_name=os.path.basename(path), year_hint=year,
            client_id=client_id)
        request = self.m["ingest_pb2"].IngestReportRequest(report=report)
        return self.ingest.IngestReport(request, timeout=30).result

    def commitments(self, district, min_sequence=0):
        q = self.m["query_pb2"]
        request = q.ListCommitmentsRequest(
            filter=q.CommitmentFilter(districts=[district]),
            page_size=100, min_sequence_number=min_sequence)
        while True:
            response = self.query.ListCommitments(request, timeout=30)
            yield from response.commitments
            if not response.next_page_token:
                return
            request.page_token = response.next_page_token

    def metrics(self, min_sequence=0):
        q = self.m["query_pb2"]
        return self.query.ListMetrics(
            q.ListMetricsRequest(page_size=1000,
                                 min_sequence_number=min_sequence),
            timeout=30).metrics

    def compare(self, metric, year=0, min_sequence=0):
        q = self.m["query_pb2"]
        return self.query.CompareMetric(
            q.CompareMetricRequest(metric=metric, year_from=year, year_to=year,
                                   min_sequence_number=min_sequence),
            timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest", default="127.0.0.1:50051")
    parser.add_argument("--query", default="127.0.0.1:50052")
    parser.add_argument("--year", type=int, default=0)
    parser.add_argument("--min-sequence", type=int, default=0)
    parser.add_argument("command", choices=["ingest", "commitments", "compare"])
    parser.add_argument("argument")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as stubs:
        client = Client(generate_stubs(stubs), args.ingest, args.query)
        if args.command == "ingest":
            result = client.ingest_file(args.argument, args.year)
            print(result.report_id, result.commitment_count,
                  result.sequence_number)
        elif args.command == "commitments":
            for c in client.commitments(args.argument, args.min_sequence):
                print(c.district.name, c.year, c.text)
        else:
            response = client.compare(args.argument, args.year,
                                      args.min_sequence)
            for row in response.rows:
                print(row.district.name, row.year, row.value, row.unit)


if __name__ == "__main__":
    main()
