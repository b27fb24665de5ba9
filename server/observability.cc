#include "server/observability.h"

#include <atomic>
#include <chrono>
#include <map>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/server_context.h"
#include "prometheus/collectable.h"
#include "prometheus/gauge.h"
#include "prometheus/metric_family.h"
#include "server/build_info.h"
#include "server/log.h"

namespace govreport {
namespace {

const char* CodeName(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN";
}

// The grpc_type label of a call type.
const char* TypeName(grpc::experimental::ServerRpcInfo::Type type) {
  switch (type) {
    case grpc::experimental::ServerRpcInfo::Type::UNARY:
      return "unary";
    case grpc::experimental::ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case grpc::experimental::ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

// Longest x-request-id kept from a client; longer ones are cut.
constexpr size_t kMaxRequestIdBytes = 64;

// A request id made up for a call without one: a random prefix drawn once
// per process (so ids differ across processes and restarts) and a counter.
std::string NewRequestId() {
  static const std::string* prefix = [] {
    absl::BitGen random;
    return new std::string(absl::StrCat(
        "r", absl::Hex(absl::Uniform<uint64_t>(random), absl::kZeroPad16)));
  }();
  static std::atomic<uint64_t> next{1};
  return absl::StrCat(*prefix, "-", next.fetch_add(1));
}

// The trace id of a W3C traceparent header ("00-<32 hex trace id>-<16 hex
// parent id>-<2 hex flags>"), or empty when it is not one.
std::string TraceIdOf(absl::string_view traceparent) {
  const std::vector<absl::string_view> parts = absl::StrSplit(traceparent, '-');
  if (parts.size() < 4 || parts[0].size() != 2 || parts[0] == "ff" ||
      parts[1].size() != 32 || parts[2].size() != 16 || parts[3].size() != 2) {
    return "";
  }
  for (absl::string_view part : parts) {
    for (char c : part) {
      if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return "";
    }
  }
  if (parts[1] == std::string(32, '0') || parts[2] == std::string(16, '0')) {
    return "";
  }
  return std::string(parts[1]);
}

// The value of `key` in a call's metadata, or empty.
absl::string_view MetadataValue(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    absl::string_view key) {
  auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (it == metadata.end()) return "";
  return absl::string_view(it->second.data(), it->second.size());
}

class CallInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallInterceptor(ServerMetrics& metrics,
                  grpc::experimental::ServerRpcInfo* info)
      : metrics_(metrics),
        method_(info->method()),
        type_(TypeName(info->type())),
        context_(info->server_context()),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto& metadata = *methods->GetRecvInitialMetadata();
      absl::string_view id = MetadataValue(metadata, "x-request-id");
      request_id_ = id.empty() ? NewRequestId()
                               : std::string(id.substr(0, kMaxRequestIdBytes));
      trace_id_ = TraceIdOf(MetadataValue(metadata, "traceparent"));
    }
    // The id goes back with the response's headers, so that the client can
    // quote it, also when it did not choose one.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("x-request-id", RequestId());
    }
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double seconds = std::chrono::duration<double>(
                                 std::chrono::steady_clock::now() - start_)
                                 .count();
      // A call the client cancelled, or whose deadline passed, ended for
      // the client with that, whatever the handler answered afterwards
      // (gRPC's health Watch said UNKNOWN): no failure of this server's.
      const bool client_left = context_ != nullptr && context_->IsCancelled();
      int code = status.error_code();
      if (client_left) {
        code = std::chrono::system_clock::now() >= context_->deadline()
                   ? grpc::StatusCode::DEADLINE_EXCEEDED
                   : grpc::StatusCode::CANCELLED;
      }
      metrics_.RecordCall(method_, type_, code, seconds);
      // Every call is logged: a failure at warn, one the client ended at
      // info, a success at debug.
      const bool ok = code == grpc::StatusCode::OK;
      const LogLevel level = ok            ? LogLevel::kDebug
                             : client_left ? LogLevel::kInfo
                                           : LogLevel::kWarning;
      if (LogEnabled(level)) {
        LogFields fields = {{"request_id", RequestId()}};
        if (!trace_id_.empty()) fields.push_back({"trace_id", trace_id_});
        fields.insert(fields.end(),
                      {{"method", method_},
                       {"code", CodeName(code)},
                       {"ms", static_cast<int64_t>(seconds * 1000)}});
        if (!status.ok()) fields.push_back({"error", status.error_message()});
        Log(level,
            ok            ? "call done"
            : client_left ? "call ended by the client"
                          : "call failed",
            fields);
      }
    }
    methods->Proceed();
  }

 private:
  // The client's x-request-id, or a new one when it sent none (or before
  // its metadata arrived).
  const std::string& RequestId() {
    if (request_id_.empty()) request_id_ = NewRequestId();
    return request_id_;
  }

  ServerMetrics& metrics_;
  const std::string method_;
  const std::string type_;
  grpc::ServerContextBase* const context_;
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  // From the client's W3C traceparent; empty without one.
  std::string trace_id_;
};

class ScrapeGauges final : public prometheus::Collectable {
 public:
  explicit ScrapeGauges(std::function<std::vector<GaugeReading>()> read)
      : read_(std::move(read)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    for (const GaugeReading& reading : read_()) {
      prometheus::MetricFamily family;
      family.name = reading.name;
      family.help = reading.help;
      prometheus::ClientMetric metric;
      if (reading.counter) {
        family.type = prometheus::MetricType::Counter;
        metric.counter.value = reading.value;
      } else {
        family.type = prometheus::MetricType::Gauge;
        metric.gauge.value = reading.value;
      }
      family.metric.push_back(std::move(metric));
      families.push_back(std::move(family));
    }
    return families;
  }

 private:
  const std::function<std::vector<GaugeReading>()> read_;
};

class CallInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallInterceptorFactory(ServerMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallInterceptor(metrics_, info);
  }

 private:
  ServerMetrics& metrics_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServerMetrics>> ServerMetrics::Start(
    const std::string& listen) {
  std::unique_ptr<prometheus::Exposer> exposer;
  if (!listen.empty()) {
    try {
      exposer = std::make_unique<prometheus::Exposer>(listen);
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
    }
  }
  auto metrics =
      std::unique_ptr<ServerMetrics>(new ServerMetrics(std::move(exposer)));
  metrics->AddBuildInfo();
  if (metrics->exposer_ != nullptr) {
    metrics->exposer_->RegisterCollectable(metrics->registry_);
    metrics->exposer_->RegisterCollectable(metrics->process_);
  }
  return metrics;
}

ServerMetrics::ServerMetrics(std::unique_ptr<prometheus::Exposer> exposer)
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(std::make_shared<ProcessCollector>()),
      exposer_(std::move(exposer)),
      calls_(prometheus::BuildCounter()
                 .Name("grpc_server_handled_total")
                 .Help("RPCs completed on the server, by service, method, "
                       "type and status code")
                 .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("grpc_server_handling_seconds")
                   .Help("Time the server took to complete RPCs, by "
                         "service, method and type")
                   .Register(*registry_)) {}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::AddBuildInfo() {
  prometheus::BuildGauge()
      .Name("govreport_build_info")
      .Help("Always 1; the labels say which build this process runs")
      .Register(*registry_)
      .Add({{"version", BuildVersion()}, {"commit", BuildCommit()}})
      .Set(1);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
ServerMetrics::InterceptorFactory() {
  return std::make_unique<CallInterceptorFactory>(*this);
}

void ServerMetrics::AddScrapeGauges(
    std::function<std::vector<GaugeReading>()> read) {
  auto gauges = std::make_shared<ScrapeGauges>(std::move(read));
  scrape_gauges_.push_back(gauges);
  if (exposer_ != nullptr) exposer_->RegisterCollectable(gauges);
}

void ServerMetrics::RecordCall(const std::string& method,
                               const std::string& type, int code,
                               double seconds) {
  // "/package.Service/Method"
  const size_t slash = method.rfind('/');
  const std::string service = slash == std::string::npos || slash == 0
                                  ? ""
                                  : method.substr(1, slash - 1);
  const std::string name =
      slash == std::string::npos ? method : method.substr(slash + 1);
  calls_
      .Add({{"grpc_service", service},
            {"grpc_method", name},
            {"grpc_type", type},
            {"grpc_code", CodeName(code)}})
      .Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  latency_
      .Add({{"grpc_service", service},
            {"grpc_method", name},
            {"grpc_type", type}},
           kBuckets)
      .Observe(seconds);
}

}  // namespace govreport
