#ifndef GOVREPORT_CLUSTER_CLUSTER_FLAGS_H_
#define GOVREPORT_CLUSTER_CLUSTER_FLAGS_H_

// The cluster-mode flags both servers' main() read: whether to run in cluster
// mode and the NatsLog options (cluster/nats_log.h) they give.
//
// Example:
//   if (cluster::ClusterModeFromFlags()) {
//     cluster::NatsLogOptions options =
//         cluster::NatsLogOptionsFromFlags("govreport-ingest");
//     ...  // NatsLog::Open(options) validates them
//   }

#include <string>

#include "absl/flags/declare.h"
#include "cluster/nats_log.h"

// The flags both servers take for cluster mode: --nats (the servers; empty
// = single-machine mode), --nats_stream, --nats_subject, --nats_replicas.
ABSL_DECLARE_FLAG(std::string, nats);

namespace govreport::cluster {

// True when --nats names servers: cluster mode.
bool ClusterModeFromFlags();

// The log options the flags give (servers, stream, subject, replicas;
// `client_name` names this server to NATS), not yet validated.
NatsLogOptions NatsLogOptionsFromFlags(const std::string& client_name);

}  // namespace govreport::cluster

#endif  // GOVREPORT_CLUSTER_CLUSTER_FLAGS_H_
