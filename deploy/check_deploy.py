#!/usr/bin/python3
"""Checks that the container and Kubernetes files agree with each other and
with the programs: every YAML parses; every image is the one
container_test.sh builds; listen ports, container ports, probe ports and
the Dockerfile's EXPOSE agree; every flag used exists in the program's
--helpfull. Usage: check_deploy.py BIN_DIR"""
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE = "localhost/govreport:latest"
LIVENESS_SERVICE = "liveness"  # server/server_runner.h kLivenessService
errors = []


def fail(message):
    errors.append(message)


def program_flags(bin_dir, program):
    out = subprocess.run([os.path.join(bin_dir, program), "--helpfull"],
                         capture_output=True, text=True).stdout
    return set(re.findall(r"^\s+--([a-z_0-9]+)", out, re.M))


def check_command(where, argv, flags):
    program = argv[0]
    if program not in flags:
        fail("%s: unknown program %s" % (where, program))
        return None
    listen_port = None
    for arg in argv[1:]:
        name = arg[2:].split("=", 1)[0]
        if name not in flags[program]:
            fail("%s: %s has no flag --%s" % (where, program, name))
        if name == "listen":
            listen_port = int(arg.rsplit(":", 1)[1])
    return listen_port


def main():
    bin_dir = sys.argv[1]
    flags = {p: program_flags(bin_dir, p)
             for p in ("ingest_server", "query_server", "reportctl")}
    with open(os.path.join(HERE, "Dockerfile")) as f:
        dockerfile = f.read()
    exposed = {int(p) for line in re.findall(r"^EXPOSE (.*)$", dockerfile, re.M)
               for p in line.split()}

    with open(os.path.join(HERE, "docker-compose.yml")) as f:
        compose = yaml.safe_load(f)
    for name, service in compose["services"].items():
        where = "docker-compose.yml:" + name
        if service["image"] != IMAGE:
            fail("%s: image %s, not %s" % (where, service["image"], IMAGE))
        port = check_command(where, service["command"], flags)
        if port not in exposed:
            fail("%s: listens on %s, not EXPOSEd" % (where, port))
        published = [int(p.split(":")[-1]) for p in service["ports"]]
        if port not in published:
            fail("%s: port %s not published" % (where, port))
        health = service["healthcheck"]["test"][1:]
        if "--target=127.0.0.1:%d" % port not in health:
            fail("%s: health check does not ask port %s" % (where, port))

    documents = []
    for name in sorted(os.listdir(os.path.join(HERE, "k8s"))):
        if name.endswith(".yaml"):
            with open(os.path.join(HERE, "k8s", name)) as f:
                documents += [(name, d) for d in yaml.safe_load_all(f) if d]
    workloads = [(n, d) for n, d in documents
                 if d["kind"] in ("StatefulSet", "Deployment")]
    if len(workloads) != 2:
        fail("k8s: expected the ingest StatefulSet and the query Deployment")
    for name, doc in workloads:
        for c in doc["spec"]["template"]["spec"]["containers"]:
            where = "k8s/%s:%s" % (name, c["name"])
            if c["image"] != IMAGE:
                fail("%s: image %s, not %s" % (where, c["image"], IMAGE))
            port = check_command(where, c["command"] + c["args"], flags)
            ports = {p["containerPort"] for p in c["ports"]}
            if port not in ports or port not in exposed:
                fail("%s: listen port %s not a container port / EXPOSEd"
                     % (where, port))
            if c["readinessProbe"]["grpc"]["port"] != port:
                fail("%s: readiness probe on another port" % where)
            live = c["livenessProbe"]["grpc"]
            if live["port"] != port or live.get("service") != LIVENESS_SERVICE:
                fail("%s: liveness probe must ask service %s on %s"
                     % (where, LIVENESS_SERVICE, port))
            if "limits" not in c["resources"] or "requests" not in c["resources"]:
                fail("%s: resources need requests and limits" % where)
        if not doc["spec"]["template"]["spec"]["securityContext"].get("runAsNonRoot"):
            fail("k8s/%s: pods must run as non-root" % name)
    kinds = {d["kind"] for _, d in documents}
    for kind in ("PersistentVolumeClaim", "Service"):
        if kind not in kinds:
            fail("k8s: no %s" % kind)
    for _, d in documents:
        if d["kind"] == "PersistentVolumeClaim" and \
                "ReadWriteMany" not in d["spec"]["accessModes"]:
            fail("k8s: the database volume must be ReadWriteMany")

    # Cluster mode (docker-compose.cluster.yml, k8s/cluster/): the
    # programs' flags exist; nats-server's are its own.
    with open(os.path.join(HERE, "docker-compose.cluster.yml")) as f:
        cluster_compose = yaml.safe_load(f)
    commands = [("docker-compose.cluster.yml:" + name, service["command"])
                for name, service in cluster_compose["services"].items()]
    cluster_dir = os.path.join(HERE, "k8s", "cluster")
    for name in sorted(os.listdir(cluster_dir)):
        with open(os.path.join(cluster_dir, name)) as f:
            for d in yaml.safe_load_all(f):
                if d and d["kind"] in ("StatefulSet", "Deployment"):
                    for c in d["spec"]["template"]["spec"]["containers"]:
                        commands.append(("k8s/cluster/%s:%s" % (name, c["name"]),
                                         c["command"] + c.get("args", [])))
    for where, argv in commands:
        if argv[0] != "nats-server":
            check_command(where, argv, flags)

    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("deploy files agree: %d compose services, %d k8s documents"
          % (len(compose["services"]), len(documents)))


if __name__ == "__main__":
    main()
