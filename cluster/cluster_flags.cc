#include "cluster/cluster_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"

ABSL_FLAG(std::string, nats, "",
          "cluster mode: the NATS JetStream servers holding the replicated "
          "ingestion log, comma-separated nats://HOST:PORT URLs. Empty: "
          "single-machine mode (one RocksDB the query replicas follow)");
ABSL_FLAG(std::string, nats_stream, "GOVREPORT",
          "cluster mode: the JetStream stream holding the log (created when "
          "missing)");
ABSL_FLAG(std::string, nats_subject, "govreport.log",
          "cluster mode: the subject the log's entries are published on");
ABSL_FLAG(int, nats_replicas, 3,
          "cluster mode: copies of the stream the NATS cluster keeps (1-5); "
          "a change is acknowledged once a majority stored it");

namespace govreport::cluster {

bool ClusterModeFromFlags() {
  return !absl::StripAsciiWhitespace(absl::GetFlag(FLAGS_nats)).empty();
}

NatsLogOptions NatsLogOptionsFromFlags(const std::string& client_name) {
  NatsLogOptions options;
  options.servers = absl::GetFlag(FLAGS_nats);
  options.stream = absl::GetFlag(FLAGS_nats_stream);
  options.subject = absl::GetFlag(FLAGS_nats_subject);
  options.replicas = absl::GetFlag(FLAGS_nats_replicas);
  options.client_name = client_name;
  return options;
}

}  // namespace govreport::cluster
