// query_load: a load generator for a running query server, on gRPC's
// callback client API. Closed loop (--concurrency calls in flight, each
// followed by the next) or open loop (--qps calls a second, at most
// --concurrency in flight), for --duration_s seconds over --connections
// connections. The kind of each query comes from --mix, its district, metric
// and year from what the server holds (ListDistricts and ListMetrics at
// start). Prints calls per second and latency percentiles per kind and
// overall; exits 1 when any call failed.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "bench/latency.h"
#include "bench/query_world.h"
#include "bench/random.h"
#include "common/string_view.h"
#include "google/protobuf/arena.h"
#include "govreport/v1/query.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/proto_buffer_reader.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50052",
          "the query server: HOST:PORT or unix:PATH");
ABSL_FLAG(int, concurrency, 4,
          "calls in flight: in a closed loop each call starts when another "
          "ends; with --qps, the most calls in flight at once");
ABSL_FLAG(int, connections, 0,
          "connections the calls are spread over, round robin; 0 for "
          "min(concurrency, 4)");
ABSL_FLAG(double, qps, 0,
          "open loop: start a call every 1/qps s and time it from then, so "
          "that queueing behind a slow server is measured; 0 for a closed "
          "loop");
ABSL_FLAG(int, page_size, 20, "page size of the ListCommitments queries");
ABSL_FLAG(int, compare_limit, 50,
          "rows of the CompareMetric queries (the top N by value)");
ABSL_FLAG(int, duration_s, 20, "seconds to send queries for");
ABSL_FLAG(std::string, mix,
          "district=40,metric=20,domain=10,compare=10,track=5,search=10,"
          "summary=5",
          "kinds of query and their weights: district (ListCommitments of a "
          "district and one of its years), metric (ListCommitments of a "
          "metric and year), domain (ListCommitments of a domain and year), "
          "compare (CompareMetric in a year), track (TrackMetric of a "
          "district), search (SearchCommitments of a metric's name in a "
          "year), summary (SummarizeCommitments of a district)");
ABSL_FLAG(uint64_t, seed, 1, "seed of the random choices");
ABSL_FLAG(bool, parse_responses, false,
          "parse every answer into its response message, as a typed client "
          "would, and count one that does not parse as failed; off, answers "
          "are received as bytes (as pgbench receives rows), so that the "
          "load generator's own CPU on a shared machine stays small");
ABSL_FLAG(int, deadline_ms, 10000, "deadline of each query");

namespace govreport::bench {
namespace {

using v1::QueryService;

absl::Status FromGrpc(const grpc::Status& status, std::string_view call) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(AsAbsl(call), ": ", status.error_message()));
}

absl::StatusOr<World> Discover(QueryService::Stub& stub) {
  return DiscoverWorld(
      [&stub](const v1::ListDistrictsRequest& request)
          -> absl::StatusOr<v1::ListDistrictsResponse> {
        grpc::ClientContext context;
        v1::ListDistrictsResponse response;
        grpc::Status status = stub.ListDistricts(&context, request, &response);
        if (!status.ok()) return FromGrpc(status, "ListDistricts");
        return response;
      },
      [&stub](const v1::ListMetricsRequest& request)
          -> absl::StatusOr<v1::ListMetricsResponse> {
        grpc::ClientContext context;
        v1::ListMetricsResponse response;
        grpc::Status status = stub.ListMetrics(&context, request, &response);
        if (!status.ok()) return FromGrpc(status, "ListMetrics");
        return response;
      });
}

// The state of one call in flight: what gRPC borrows until it is done.
struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

using Done = std::function<void(grpc::Status)>;

// Whether `bytes` parse as a `Response`.
template <typename Response>
bool ParsesAs(grpc::ByteBuffer* bytes) {
  google::protobuf::Arena arena;
  auto* response = google::protobuf::Arena::CreateMessage<Response>(&arena);
  grpc::ProtoBufferReader reader(bytes);
  return response->ParseFromZeroCopyStream(&reader);
}

// Starts the query service's `method` with `request` on the callback API of
// a generic stub: the answer stays bytes, as rows stay text in pgbench,
// unless --parse_responses asks for each to be parsed as a `Response` (an
// answer that does not parse then fails the call). `call` keeps the buffers
// alive until `done` runs.
template <typename Response>
void StartCall(std::string_view method, grpc::GenericStub& stub,
               const google::protobuf::Message& request, Call& call,
               Done done) {
  grpc::Slice bytes(request.SerializeAsString());
  call.request = grpc::ByteBuffer(&bytes, 1);
  const bool parse = absl::GetFlag(FLAGS_parse_responses);
  stub.UnaryCall(
      &call.context,
      absl::StrCat("/", QueryService::service_full_name(), "/", AsAbsl(method)),
      grpc::StubOptions(), &call.request, &call.response,
      [&call, parse, done = std::move(done)](grpc::Status status) {
        if (status.ok() && parse && !ParsesAs<Response>(&call.response)) {
          status = grpc::Status(grpc::StatusCode::INTERNAL,
                                "the answer does not parse as its message");
        }
        done(std::move(status));
      });
}

// Each query kind starts one call built from random picks.
using SendFunction = void (*)(grpc::GenericStub&, const World&, Random&, Call&,
                              Done);

void SetYear(int year, v1::CommitmentFilter& filter) {
  filter.set_year_from(year);
  filter.set_year_to(year);
}

void SendDistrict(grpc::GenericStub& stub, const World& world, Random& random,
                  Call& call, Done done) {
  StartCall<v1::ListCommitmentsResponse>(
      "ListCommitments", stub,
      DrawDistrictPage(world, random, absl::GetFlag(FLAGS_page_size)), call,
      std::move(done));
}

void SendMetric(grpc::GenericStub& stub, const World& world, Random& random,
                Call& call, Done done) {
  StartCall<v1::ListCommitmentsResponse>(
      "ListCommitments", stub,
      DrawMetricPage(world, random, absl::GetFlag(FLAGS_page_size)), call,
      std::move(done));
}

void SendDomain(grpc::GenericStub& stub, const World& world, Random& random,
                Call& call, Done done) {
  v1::ListCommitmentsRequest request;
  request.mutable_filter()->add_domains(static_cast<v1::Domain>(
      1 + random.Below(v1::Domain_MAX)));  // Any but DOMAIN_UNSPECIFIED.
  SetYear(random.Pick(world.years), *request.mutable_filter());
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  StartCall<v1::ListCommitmentsResponse>("ListCommitments", stub, request, call,
                                         std::move(done));
}

void SendCompare(grpc::GenericStub& stub, const World& world, Random& random,
                 Call& call, Done done) {
  StartCall<v1::CompareMetricResponse>(
      "CompareMetric", stub,
      DrawComparison(world, random, absl::GetFlag(FLAGS_compare_limit)), call,
      std::move(done));
}

void SendTrack(grpc::GenericStub& stub, const World& world, Random& random,
               Call& call, Done done) {
  v1::TrackMetricRequest request;
  request.set_district(random.Pick(world.districts).code);
  request.set_metric(random.Pick(world.metrics));
  StartCall<v1::TrackMetricResponse>("TrackMetric", stub, request, call,
                                     std::move(done));
}

void SendSearch(grpc::GenericStub& stub, const World& world, Random& random,
                Call& call, Done done) {
  v1::SearchCommitmentsRequest request;
  request.set_text(random.Pick(world.phrases));
  SetYear(random.Pick(world.years), *request.mutable_filter());
  StartCall<v1::SearchCommitmentsResponse>("SearchCommitments", stub, request,
                                           call, std::move(done));
}

void SendSummary(grpc::GenericStub& stub, const World& world, Random& random,
                 Call& call, Done done) {
  v1::SummarizeCommitmentsRequest request;
  request.set_district(random.Pick(world.districts).code);
  StartCall<v1::SummarizeCommitmentsResponse>("SummarizeCommitments", stub,
                                              request, call, std::move(done));
}

struct QueryKind {
  std::string_view name;
  SendFunction send;
};

constexpr QueryKind kQueryKinds[] = {
    {"district", &SendDistrict}, {"metric", &SendMetric},
    {"domain", &SendDomain},     {"compare", &SendCompare},
    {"track", &SendTrack},       {"search", &SendSearch},
    {"summary", &SendSummary}};

struct MixEntry {
  const QueryKind* kind;
  int weight;
};

// Parses "district=40,metric=20,...".
absl::StatusOr<std::vector<MixEntry>> ParseMix(absl::string_view text) {
  std::vector<MixEntry> mix;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    std::pair<absl::string_view, absl::string_view> name_weight =
        absl::StrSplit(part, '=');
    const auto* kind =
        std::find_if(std::begin(kQueryKinds), std::end(kQueryKinds),
                     [&](const QueryKind& k) {
                       return AsAbsl(k.name) == name_weight.first;
                     });
    int weight = 0;
    if (kind == std::end(kQueryKinds) ||
        !absl::SimpleAtoi(name_weight.second, &weight) || weight < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--mix: \"", part, "\" is not KIND=WEIGHT with a known kind"));
    }
    if (weight > 0) mix.push_back({kind, weight});
  }
  if (mix.empty()) {
    return absl::InvalidArgumentError("--mix: no kind has a positive weight");
  }
  return mix;
}

// The index in `mix` of a kind drawn by weight.
size_t Draw(const std::vector<MixEntry>& mix, int total_weight,
            Random& random) {
  int roll = static_cast<int>(random.Below(total_weight));
  size_t i = 0;
  while (roll >= mix[i].weight) roll -= mix[i++].weight;
  return i;
}

std::shared_ptr<grpc::Channel> NewChannel(const std::string& target) {
  grpc::ChannelArguments args;
  // A connection of its own, as separate clients would have.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(-1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

// Starts calls drawn from the mix over a set of connections and records
// their latencies. Thread-safe: calls end on gRPC's threads.
class Driver final {
 public:
  Driver(const std::string& target, int connections,
         const std::vector<MixEntry>& mix, const World& world, uint64_t seed)
      : mix_(mix), world_(world), random_(seed), rows_(mix.size()) {
    for (int i = 0; i < connections; ++i) {
      stubs_.push_back(std::make_unique<grpc::GenericStub>(NewChannel(target)));
    }
    for (size_t i = 0; i < mix.size(); ++i) {
      rows_[i].name = std::string(mix[i].kind->name);
      total_weight_ += mix[i].weight;
    }
  }

  // Starts one call, timed from `scheduled` (its start, or in an open loop
  // when it should have started), and runs `then` once it is recorded.
  void Start(Clock::time_point scheduled, std::function<void()> then) {
    auto call = std::make_shared<Call>();
    call->context.set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)));
    size_t drawn;
    grpc::GenericStub* stub;
    uint64_t seed;
    {
      absl::MutexLock lock(&mu_);
      drawn = Draw(mix_, total_weight_, random_);
      stub = stubs_[next_stub_++ % stubs_.size()].get();
      seed = random_.Below(std::numeric_limits<uint64_t>::max());
    }
    // The call starts outside the lock, which its end takes to record it.
    Random picks(seed);
    mix_[drawn].kind->send(
        *stub, world_, picks, *call,
        [this, call, drawn, scheduled, then](grpc::Status status) {
          Record(drawn, Clock::now() - scheduled, status);
          then();
        });
  }

  // One row per kind of the mix, in its order.
  std::vector<LatencyRow> TakeRows() {
    absl::MutexLock lock(&mu_);
    return std::move(rows_);
  }

 private:
  void Record(size_t drawn, Clock::duration latency,
              const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    LatencyRow& row = rows_[drawn];
    row.latencies.Add(latency);
    if (status.ok()) return;
    ++row.errors;
    if (errors_to_print_-- > 0) {
      std::cerr << absl::StrFormat("query_load: ERROR %s: code %d: %s\n",
                                   row.name, status.error_code(),
                                   status.error_message());
    }
  }

  const std::vector<MixEntry>& mix_;
  const World& world_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  int total_weight_ = 0;

  absl::Mutex mu_;
  Random random_ ABSL_GUARDED_BY(mu_);
  size_t next_stub_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<LatencyRow> rows_ ABSL_GUARDED_BY(mu_);
  int errors_to_print_ ABSL_GUARDED_BY(mu_) = 10;
};

// Counts the calls in flight and lets a thread wait for room or for none.
class InFlight final {
 public:
  explicit InFlight(int limit) : limit_(limit) {}
  // Blocks until fewer than the limit are in flight, then counts one more.
  void Acquire() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](InFlight* f) { return f->count_ < f->limit_; }, this));
    ++count_;
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    --count_;
  }
  void AwaitNone() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](int* count) { return *count == 0; }, &count_));
  }

 private:
  const int limit_;
  absl::Mutex mu_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
};

// Closed loop: `concurrency` chains of calls, each starting its next call
// when the last ends, until `end`.
void RunClosedLoop(Driver& driver, int concurrency, Clock::time_point end) {
  InFlight in_flight(concurrency);
  std::function<void()> next = [&] {
    if (Clock::now() >= end) {
      in_flight.Release();
      return;
    }
    driver.Start(Clock::now(), next);
  };
  for (int i = 0; i < concurrency; ++i) {
    in_flight.Acquire();
    driver.Start(Clock::now(), next);
  }
  in_flight.AwaitNone();
}

// Open loop: a call every 1/qps seconds until `end`, at most `concurrency`
// in flight. A call is timed from when it was due, so that time spent
// waiting for room counts against the server rather than vanishing.
void RunOpenLoop(Driver& driver, double qps, int concurrency,
                 Clock::time_point start, Clock::time_point end) {
  InFlight in_flight(concurrency);
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / qps));
  for (int64_t i = 0;; ++i) {
    const Clock::time_point due = start + i * interval;
    if (due >= end) break;
    std::this_thread::sleep_until(due);
    in_flight.Acquire();
    driver.Start(due, [&in_flight] { in_flight.Release(); });
  }
  in_flight.AwaitNone();
}

int Run() {
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const int duration_s = absl::GetFlag(FLAGS_duration_s);
  if (concurrency < 1 || duration_s < 1 || absl::GetFlag(FLAGS_qps) < 0 ||
      absl::GetFlag(FLAGS_connections) < 0 ||
      absl::GetFlag(FLAGS_page_size) < 1) {
    std::cerr << "query_load: --concurrency, --duration_s and --page_size "
                 "must be at least 1; --qps and --connections not negative\n";
    return 2;
  }
  absl::StatusOr<std::vector<MixEntry>> mix =
      ParseMix(absl::GetFlag(FLAGS_mix));
  if (!mix.ok()) {
    std::cerr << "query_load: " << mix.status() << "\n";
    return 2;
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  absl::StatusOr<World> world =
      Discover(*QueryService::NewStub(NewChannel(target)));
  if (!world.ok()) {
    std::cerr << "query_load: " << world.status() << "\n";
    return 1;
  }
  std::cout << absl::StrFormat(
      "query_load: %d districts, %d metrics, years %d-%d on %s\n",
      world->districts.size(), world->metrics.size(), world->years.front(),
      world->years.back(), target);

  const int connections = absl::GetFlag(FLAGS_connections) > 0
                              ? absl::GetFlag(FLAGS_connections)
                              : std::min(concurrency, 4);
  Driver driver(target, connections, *mix, *world, absl::GetFlag(FLAGS_seed));
  const double qps = absl::GetFlag(FLAGS_qps);
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + std::chrono::seconds(duration_s);
  if (qps > 0) {
    RunOpenLoop(driver, qps, concurrency, start, end);
  } else {
    RunClosedLoop(driver, concurrency, end);
  }
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<LatencyRow> rows = driver.TakeRows();
  LatencyRow all{"all", {}, 0};
  for (const LatencyRow& row : rows) {
    all.latencies.Merge(row.latencies);
    all.errors += row.errors;
  }
  std::cout << absl::StrFormat(
      "query_load: %s, concurrency %d over %d connections, %.1f s, %d "
      "queries, %.1f QPS, %d errors\n",
      qps > 0 ? absl::StrFormat("open loop at %.0f QPS", qps) : "closed loop",
      concurrency, connections, seconds, all.latencies.count(),
      all.latencies.count() / seconds, all.errors);
  const int64_t errors = all.errors;
  rows.insert(rows.begin(), std::move(all));
  PrintLatencyTable(std::move(rows), seconds, std::cout);
  if (errors > 0) {
    std::cerr << "query_load: FAILED: " << errors << " queries failed\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace govreport::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Sends a mix of typed queries to a running query server and measures "
      "QPS and latency.\n"
      "  query_load --target=HOST:PORT [--concurrency=4] [--duration_s=20] "
      "[--qps=0] [--mix=district=40,metric=20,...]");
  absl::ParseCommandLine(argc, argv);
  // As in the servers: Debian's abseil checks every lock order, which cost
  // the client 3% of its time and measures nothing about the server.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return govreport::bench::Run();
}
