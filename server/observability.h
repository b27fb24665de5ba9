#ifndef GOVREPORT_SERVER_OBSERVABILITY_H_
#define GOVREPORT_SERVER_OBSERVABILITY_H_

// Each server's Prometheus endpoint (--metrics_listen): the registry the
// services add their metrics to, process and gRPC call metrics, and the
// interceptor that times, counts and logs every call.
//
// Example:
//   absl::StatusOr<std::unique_ptr<ServerMetrics>> metrics =
//       ServerMetrics::Start("127.0.0.1:9090");
//   IngestMetrics ingest_metrics((*metrics)->registry());

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "server/process_metrics.h"

namespace govreport {

// A gauge read when Prometheus scrapes: name, help, current value.
struct GaugeReading {
  std::string name;
  std::string help;
  double value = 0;
  // A count that only grows, exposed as a Prometheus counter (its name
  // ends in _total).
  bool counter = false;
};

// A server's Prometheus registry, its HTTP endpoint with the standard
// process_* metrics (ProcessCollector), and the gRPC
// interceptor that counts every call and times it under the grpc-ecosystem
// names and labels (grpc_server_handled_total{grpc_service, grpc_method,
// grpc_type, grpc_code}, grpc_server_handling_seconds), echoes its request
// id and logs failed calls with it.
//
// Thread-safe.
class ServerMetrics final {
 public:
  // Serves GET /metrics on `listen` ("HOST:PORT"); with an empty `listen`
  // the metrics are kept but not served. Unavailable when the port cannot
  // be bound.
  static absl::StatusOr<std::unique_ptr<ServerMetrics>> Start(
      const std::string& listen);

  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;
  ~ServerMetrics();

  // Where services add their own metrics.
  prometheus::Registry& registry() { return *registry_; }

  // A factory for ServerRunner: one interceptor per call.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  InterceptorFactory();

  // Adds gauges computed on each scrape by `read` (called from the metrics
  // endpoint's thread; it must be thread-safe and outlive this object).
  void AddScrapeGauges(std::function<std::vector<GaugeReading>()> read);

  // Records one finished call (what the interceptor does): `method` is the
  // full name "/package.Service/Method", `type` one of unary,
  // client_stream, server_stream and bidi_stream.
  void RecordCall(const std::string& method, const std::string& type, int code,
                  double seconds);

 private:
  explicit ServerMetrics(std::unique_ptr<prometheus::Exposer> exposer);

  // Registers govreport_build_info{version,commit} 1.
  void AddBuildInfo();

  const std::shared_ptr<prometheus::Registry> registry_;
  const std::shared_ptr<ProcessCollector> process_;
  const std::unique_ptr<prometheus::Exposer> exposer_;
  std::vector<std::shared_ptr<prometheus::Collectable>> scrape_gauges_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_OBSERVABILITY_H_
