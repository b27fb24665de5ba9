#!/usr/bin/python3
"""Checks that the container and Kubernetes files agree with each other and
with the programs: every YAML parses; every image is the one
container_test.sh builds, pinned to the project's version; listen ports,
container ports, probe ports and the Dockerfile's EXPOSE agree; every flag
used exists in the program's --helpfull. And that the Kubernetes pods pass
the "restricted" Pod Security Standard with a read-only root filesystem,
drain on stop (preStop within the grace period), the query replicas have a
headless Service and a PodDisruptionBudget, and the ingest workers follow
the CPU limit. Usage: check_deploy.py BIN_DIR"""
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIVENESS_SERVICE = "liveness"  # server/server_runner.h kLivenessService
errors = []


def fail(message):
    errors.append(message)


def project_version():
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        return re.search(r"^project\(govreport VERSION ([0-9.]+)", f.read(),
                         re.M).group(1)


def program_flags(bin_dir, program):
    """The program's flags and their defaults (as --helpfull prints them)."""
    out = subprocess.run([os.path.join(bin_dir, program), "--helpfull"],
                         capture_output=True, text=True).stdout
    flags = {}
    for name, rest in re.findall(r"^\s+--([a-z_0-9]+) (.*?)(?=^\s+--|\Z)",
                                 out, re.M | re.S):
        default = re.search(r"default: (\S*?);", rest)
        flags[name] = default.group(1) if default else None
    return flags


def flag_value(argv, flags, name):
    """The value of --name in argv, else the program's default."""
    for arg in argv[1:]:
        if arg.startswith("--%s=" % name):
            return arg.split("=", 1)[1]
    return flags[argv[0]].get(name)


def check_restricted(where, pod):
    """The "restricted" Pod Security Standard, and a read-only root."""
    pod_sc = pod.get("securityContext", {})
    for c in pod["containers"] + pod.get("initContainers", []):
        sc = c.get("securityContext", {})
        here = "%s:%s" % (where, c["name"])

        def setting(key):
            return sc.get(key, pod_sc.get(key))
        if setting("runAsNonRoot") is not True:
            fail("%s: runAsNonRoot must be true" % here)
        if setting("runAsUser") == 0:
            fail("%s: runAsUser must not be 0" % here)
        if (setting("seccompProfile") or {}).get("type") not in (
                "RuntimeDefault", "Localhost"):
            fail("%s: seccompProfile must be RuntimeDefault" % here)
        if sc.get("allowPrivilegeEscalation") is not False:
            fail("%s: allowPrivilegeEscalation must be false" % here)
        if sc.get("privileged"):
            fail("%s: must not be privileged" % here)
        caps = sc.get("capabilities", {})
        if "ALL" not in caps.get("drop", []):
            fail("%s: capabilities must drop ALL" % here)
        if set(caps.get("add", [])) - {"NET_BIND_SERVICE"}:
            fail("%s: may add no capability but NET_BIND_SERVICE" % here)
        if sc.get("readOnlyRootFilesystem") is not True:
            fail("%s: readOnlyRootFilesystem must be true" % here)
    for volume in pod.get("volumes", []):
        if "hostPath" in volume:
            fail("%s: hostPath volume %s" % (where, volume["name"]))
    if pod.get("hostNetwork") or pod.get("hostPID") or pod.get("hostIPC"):
        fail("%s: must not share the host's namespaces" % where)


def selects(selector, labels):
    return all(labels.get(k) == v
               for k, v in selector.get("matchLabels", selector).items())


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


def check_drain(where, container, argv, flags, grace):
    """A preStop pause, then the server's drain, within the grace period."""
    pre_stop = container.get("lifecycle", {}).get("preStop")
    command = (pre_stop or {}).get("exec", {}).get("command", [])
    if len(command) != 2 or command[0] != "sleep":
        fail("%s: needs a preStop [sleep, SECONDS] so that the pod leaves "
             "the endpoints before SIGTERM" % where)
        return
    drain_ms = flag_value(argv, flags, "shutdown_grace_ms")
    if drain_ms is None:
        fail("%s: %s has no --shutdown_grace_ms" % (where, argv[0]))
        return
    if int(command[1]) + int(drain_ms) / 1000 > grace:
        fail("%s: preStop %ss plus --shutdown_grace_ms %s exceeds "
             "terminationGracePeriodSeconds %s"
             % (where, command[1], drain_ms, grace))


def check_workers(where, container, argv, flags):
    """A program with --workers takes them from the CPU limit."""
    if "workers" not in flags[argv[0]]:
        return
    if any(a.startswith("--workers") for a in argv[1:]):
        fail("%s: --workers on the command line overrides the CPU limit's "
             "GOVREPORT_WORKERS" % where)
    env = {e["name"]: e for e in container.get("env", [])}
    field = env.get("GOVREPORT_WORKERS", {}).get("valueFrom", {}).get(
        "resourceFieldRef", {})
    if field.get("resource") != "limits.cpu" or \
            field.get("containerName", container["name"]) != container["name"]:
        fail("%s: GOVREPORT_WORKERS must come from the container's "
             "limits.cpu (resourceFieldRef)" % where)
    if "cpu" not in container.get("resources", {}).get("limits", {}):
        fail("%s: workers follow the CPU limit: set one" % where)


def check_query_balancing(documents, workloads):
    """The query replicas: a headless Service for client-side round robin
    (documented in the README) and a PodDisruptionBudget."""
    for name, doc in workloads:
        if doc["kind"] != "Deployment":
            continue
        labels = doc["spec"]["template"]["metadata"]["labels"]
        where = "k8s/%s:%s" % (name, doc["metadata"]["name"])
        headless = [d for _, d in documents if d["kind"] == "Service" and
                    d["spec"].get("clusterIP") == "None" and
                    selects(d["spec"]["selector"], labels)]
        if not headless:
            fail("%s: no headless Service (clusterIP: None) for client-side "
                 "load balancing" % where)
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        for d in headless:
            if d["metadata"]["name"] not in readme or "round_robin" not in readme:
                fail("README.md: must show the round_robin service config for "
                     "%s" % d["metadata"]["name"])
        budgets = [d for _, d in documents
                   if d["kind"] == "PodDisruptionBudget" and
                   selects(d["spec"]["selector"], labels)]
        if not budgets:
            fail("%s: no PodDisruptionBudget" % where)
        for d in budgets:
            spec = d["spec"]
            if spec.get("maxUnavailable", 1) == 0 or \
                    spec.get("minAvailable", 0) >= doc["spec"]["replicas"]:
                fail("%s: its PodDisruptionBudget allows no drain" % where)
            if spec.get("minAvailable", 1) == 0:
                fail("%s: its PodDisruptionBudget keeps no replica" % where)


def main():
    bin_dir = sys.argv[1]
    flags = {p: program_flags(bin_dir, p)
             for p in ("ingest_server", "query_server", "reportctl")}
    image = "localhost/govreport:" + project_version()
    with open(os.path.join(HERE, "container_test.sh")) as f:
        container_test = f.read()
    if ('-t "localhost/govreport:${version}"' not in container_test or
            "CMakeLists.txt" not in container_test):
        fail("container_test.sh: must tag the image with the project's "
             "version, as %s" % image)
    with open(os.path.join(HERE, "Dockerfile")) as f:
        dockerfile = f.read()
    exposed = {int(p) for line in re.findall(r"^EXPOSE (.*)$", dockerfile, re.M)
               for p in line.split()}

    with open(os.path.join(HERE, "docker-compose.yml")) as f:
        compose = yaml.safe_load(f)
    for name, service in compose["services"].items():
        where = "docker-compose.yml:" + name
        if service["image"] != image:
            fail("%s: image %s, not %s" % (where, service["image"], image))
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
        pod = doc["spec"]["template"]["spec"]
        check_restricted("k8s/" + name, pod)
        grace = pod.get("terminationGracePeriodSeconds", 30)
        for c in pod["containers"]:
            where = "k8s/%s:%s" % (name, c["name"])
            if c["image"] != image:
                fail("%s: image %s, not %s" % (where, c["image"], image))
            argv = c["command"] + c["args"]
            port = check_command(where, argv, flags)
            check_drain(where, c, argv, flags, grace)
            check_workers(where, c, argv, flags)
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
    check_query_balancing(documents, workloads)
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
