#include "tools/commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/domains.h"
#include "common/pipeline.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "server/health_client.h"
#include "tools/client.h"
#include "tools/exit_code.h"
#include "tools/files.h"
#include "tools/flag_values.h"
#include "tools/output.h"

ABSL_FLAG(std::string, target, "",
          "HOST:PORT of the server; default the GOVREPORT_TARGET "
          "environment variable, else 127.0.0.1:50051 for ingest, delete "
          "and health, 127.0.0.1:50052 for the query commands");
ABSL_FLAG(std::string, format, "table",
          "output format: table or jsonl (one JSON object a line)");
ABSL_FLAG(int, limit, 0,
          "stop after N results (0 or more); 0 follows every page");
ABSL_FLAG(std::string, district, "",
          "district code, official or short name; with ingest, a hint for "
          "every file");
ABSL_FLAG(std::string, city, "", "city filter, e.g. 青岛市 or 青岛");
ABSL_FLAG(std::string, province, "", "province filter, e.g. 山东省 or 山东");
ABSL_FLAG(std::string, domain, "", "domain id, e.g. employment");
ABSL_FLAG(std::string, metric, "", "metric id or phrase, e.g. 新增城镇就业");
ABSL_FLAG(std::string, year, "",
          "plan year Y or range Y1-Y2 (either end may be left open, e.g. "
          "2020-); with ingest and extract, one year Y, a hint for every "
          "file");
ABSL_FLAG(std::string, kind, "", "target or achievement");
ABSL_FLAG(std::string, level, "",
          "report level: county, city or province (query, reports and "
          "summary take several, comma-separated; districts and compare one; "
          "their default is county)");
ABSL_FLAG(std::string, text, "",
          "query: only commitments whose sentence has this; search: the "
          "phrase to find");
ABSL_FLAG(std::vector<std::string>, include, {},
          "ingest and extract: more file extensions to take from folders "
          "(comma-separated, e.g. md,csv; * for every file) besides the "
          "report files htm, html, text and txt");
ABSL_FLAG(std::string, charset, "", "charset hint for ingest and extract");
ABSL_FLAG(std::string, unit, "",
          "compare: only values in this unit; default the most common");
ABSL_FLAG(bool, quantified, false, "only commitments with a quantity");
ABSL_FLAG(uint64_t, min_sequence, 0,
          "answer only once the query service has seen this sequence number");
ABSL_FLAG(double, timeout, 30,
          "deadline of each call (each page of a paged one), in seconds "
          "(> 0)");
ABSL_FLAG(std::string, service, "",
          "health: the health service to ask: empty for the server as a "
          "whole (readiness), liveness for liveness");
ABSL_FLAG(bool, full, false, "with report: include the original content");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA file: connect with TLS, trusting servers signed by it");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM client certificate file for servers that require one (mTLS)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token to send; default: the "
          "GOVREPORT_TOKEN environment variable, if set");

namespace govreport::tools {
namespace {

using IngestStub = v1::IngestService::Stub;
using QueryStub = v1::QueryService::Stub;

constexpr char kDefaultIngestTarget[] = "127.0.0.1:50051";
constexpr char kDefaultQueryTarget[] = "127.0.0.1:50052";

// The flag values every command reads the same way, parsed once; a bad
// one is a usage error whichever command it is given to. (--year and the
// one-level commands' --level mean different things to different
// commands and are parsed where used.)
struct CommonFlags {
  OutputFormat format = OutputFormat::kTable;
  int limit = 0;
  std::vector<std::string> districts;
  std::vector<v1::Domain> domains;
  std::optional<v1::Kind> kind;
  std::vector<v1::ReportLevel> levels;
  uint64_t min_sequence = 0;
};

absl::StatusOr<CommonFlags> ParseCommonFlags() {
  CommonFlags flags;
  absl::StatusOr<OutputFormat> format =
      ParseFormatFlag(absl::GetFlag(FLAGS_format));
  if (!format.ok()) return format.status();
  flags.format = *format;
  absl::StatusOr<int> limit = ParseLimitFlag(absl::GetFlag(FLAGS_limit));
  if (!limit.ok()) return limit.status();
  flags.limit = *limit;
  flags.districts = ParseListFlag(absl::GetFlag(FLAGS_district));
  absl::StatusOr<std::vector<v1::Domain>> domains =
      ParseDomainsFlag(absl::GetFlag(FLAGS_domain));
  if (!domains.ok()) return domains.status();
  flags.domains = *std::move(domains);
  absl::StatusOr<std::optional<v1::Kind>> kind =
      ParseKindFlag(absl::GetFlag(FLAGS_kind));
  if (!kind.ok()) return kind.status();
  flags.kind = *kind;
  absl::StatusOr<std::vector<v1::ReportLevel>> levels =
      ParseLevelsFlag(absl::GetFlag(FLAGS_level));
  if (!levels.ok()) return levels.status();
  flags.levels = *std::move(levels);
  flags.min_sequence = absl::GetFlag(FLAGS_min_sequence);
  return flags;
}

// A command's positional arguments: exactly `count`, or at least one when
// `count` is -1; a usage error naming what `command` takes otherwise.
absl::Status CheckArgs(const std::vector<std::string>& args, int count,
                       const char* command, const char* what) {
  const bool ok =
      count < 0 ? !args.empty() : args.size() == static_cast<size_t>(count);
  if (ok) return absl::OkStatus();
  if (count == 0) return UsageError(absl::StrCat(command, " takes flags only"));
  return UsageError(absl::StrCat(command, " needs ", what));
}

// A client for the server of a command whose default server is
// `default_target`, from --target, --tls_*, --token_file and --timeout.
absl::StatusOr<Client> ConnectFromFlags(const char* default_target) {
  absl::StatusOr<absl::Duration> timeout =
      ParseTimeoutFlag(absl::GetFlag(FLAGS_timeout));
  if (!timeout.ok()) return timeout.status();
  ClientOptions options;
  options.target = absl::GetFlag(FLAGS_target);
  options.default_target = default_target;
  options.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.token_file = absl::GetFlag(FLAGS_token_file);
  options.timeout = *timeout;
  return Client::Create(options);
}

// What every command that calls a server starts with.
struct CallSetup {
  CommonFlags flags;
  Client client;
};

// Checks `command`'s arguments (see CheckArgs), parses the common flags and
// sets up the client for `default_target`.
absl::StatusOr<CallSetup> SetUp(const std::vector<std::string>& args, int count,
                                const char* command, const char* what,
                                const char* default_target) {
  absl::Status usage = CheckArgs(args, count, command, what);
  if (!usage.ok()) return usage;
  absl::StatusOr<CommonFlags> flags = ParseCommonFlags();
  if (!flags.ok()) return flags.status();
  absl::StatusOr<Client> client = ConnectFromFlags(default_target);
  if (!client.ok()) return client.status();
  return CallSetup{*std::move(flags), *std::move(client)};
}

// --year of the query commands, as an inclusive range (0 = open).
absl::StatusOr<YearRange> YearsFromFlag() {
  return ParseYearRangeFlag(absl::GetFlag(FLAGS_year));
}

// The commitment filter of query and search.
absl::StatusOr<v1::CommitmentFilter> FilterFromFlags(const CommonFlags& flags) {
  absl::StatusOr<YearRange> years = YearsFromFlag();
  if (!years.ok()) return years.status();
  v1::CommitmentFilter filter;
  for (const std::string& d : flags.districts) filter.add_districts(d);
  filter.set_city(absl::GetFlag(FLAGS_city));
  filter.set_province(absl::GetFlag(FLAGS_province));
  for (v1::Domain domain : flags.domains) filter.add_domains(domain);
  filter.set_metric(absl::GetFlag(FLAGS_metric));
  filter.set_year_from(years->from);
  filter.set_year_to(years->to);
  if (flags.kind) filter.set_kind(*flags.kind);
  filter.set_text_contains(absl::GetFlag(FLAGS_text));
  filter.set_quantified_only(absl::GetFlag(FLAGS_quantified));
  for (v1::ReportLevel level : flags.levels) filter.add_levels(level);
  return filter;
}

RecordPrinter<v1::Commitment> CommitmentPrinter(OutputFormat format) {
  return RecordPrinter<v1::Commitment>(format, CommitmentHeader(),
                                       CommitmentRow, std::cout);
}

// Prints the records `items(page)` of the pages of the paged `method` from
// `request` on, up to `limit` of them (0: all), asking for pages no larger
// than what is left (at most 1000); then finishes the printer and, when
// `noun` is set and the records form a table, says on stderr how many it
// printed ("12 commitments"). The first failed call's CallError otherwise.
template <typename Record, typename Stub, typename Request, typename Response,
          typename Items>
absl::Status PrintPages(const Client& client, absl::string_view name,
                        Stub* stub,
                        grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                     const Request&, Response*),
                        Request request, Items items, size_t limit,
                        const char* noun, RecordPrinter<Record>& printer) {
  auto set_page_size = [limit, &printer](Request& next) {
    if (limit > 0) {
      next.set_page_size(
          static_cast<int>(std::min<size_t>(1000, limit - printer.count())));
    }
  };
  set_page_size(request);
  absl::Status status =
      ForEachPage(client, name, stub, method, std::move(request),
                  [&](Response& page, Request& next) {
                    for (const Record& record : items(page)) {
                      if (limit > 0 && printer.count() == limit) break;
                      printer.Add(record);
                    }
                    set_page_size(next);
                    return limit == 0 || printer.count() < limit;
                  });
  if (!status.ok()) return status;
  printer.Finish();
  if (noun != nullptr && printer.format() == OutputFormat::kTable) {
    std::cerr << printer.count() << " " << noun << "\n";
  }
  return absl::OkStatus();
}

// A one-line progress bar on stderr, drawn only when stderr is a terminal.
class ProgressBar final {
 public:
  explicit ProgressBar(size_t total)
      : total_(total), enabled_(isatty(STDERR_FILENO) != 0) {}

  void Update(size_t done) {
    if (!enabled_ || total_ == 0) return;
    constexpr size_t kWidth = 30;
    size_t filled = done * kWidth / total_;
    std::cerr << "\r[" << std::string(filled, '#')
              << std::string(kWidth - filled, ' ') << "] " << done << "/"
              << total_ << std::flush;
    if (done == total_) std::cerr << "\n";
  }

  // Clears the bar's line so that a result line can be printed over it.
  void Clear() {
    if (enabled_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  const size_t total_;
  const bool enabled_;
};

// What ingest and extract tell the pipeline about every file.
struct ReportHints {
  std::string charset;
  std::string district;
  int year = 0;
};

absl::StatusOr<ReportHints> HintsFromFlags() {
  absl::StatusOr<int> year = ParseYearFlag(absl::GetFlag(FLAGS_year));
  if (!year.ok()) return year.status();
  return ReportHints{absl::GetFlag(FLAGS_charset),
                     absl::GetFlag(FLAGS_district), *year};
}

v1::RawReport MakeRawReport(const std::string& path, std::string content,
                            const ReportHints& hints) {
  v1::RawReport raw;
  raw.set_content(std::move(content));
  raw.set_file_name(path.substr(path.find_last_of('/') + 1));
  raw.set_charset_hint(hints.charset);
  raw.set_district_hint(hints.district);
  raw.set_year_hint(hints.year);
  return raw;
}

// The report files `args` stand for (see ExpandReportPaths; --include
// widens the extensions), each file a folder left out listed on stderr.
// NotFound when no report file is found; ExpandReportPaths' error when a
// path cannot be expanded.
absl::StatusOr<ReportPaths> ReportFilesOf(
    const std::vector<std::string>& args) {
  std::vector<std::string> extensions = DefaultReportExtensions();
  for (const std::string& more : absl::GetFlag(FLAGS_include)) {
    extensions.push_back(std::string(absl::StripPrefix(more, ".")));
  }
  absl::StatusOr<ReportPaths> paths = ExpandReportPaths(args, extensions);
  if (!paths.ok()) return paths.status();
  for (const std::string& path : paths->skipped) {
    const std::string extension =
        std::filesystem::path(path).extension().string();
    std::cerr << "skipped " << path << ": not a report file (--include="
              << (extension.empty() ? "*" : extension.substr(1))
              << " takes it)\n";
  }
  if (paths->files.empty()) {
    return absl::NotFoundError(absl::StrCat("no report files (extensions ",
                                            absl::StrJoin(extensions, ", "),
                                            ") in ", absl::StrJoin(args, " ")));
  }
  return paths;
}

}  // namespace

absl::Status RunExtract(const std::vector<std::string>& args) {
  absl::Status usage = CheckArgs(args, -1, "extract", "at least one FILE");
  if (!usage.ok()) return usage;
  absl::StatusOr<CommonFlags> flags = ParseCommonFlags();
  if (!flags.ok()) return flags.status();
  absl::StatusOr<ReportHints> hints = HintsFromFlags();
  if (!hints.ok()) return hints.status();
  absl::StatusOr<std::unique_ptr<Pipeline>> pipeline = Pipeline::Create();
  if (!pipeline.ok()) return pipeline.status();
  absl::StatusOr<ReportPaths> paths = ReportFilesOf(args);
  if (!paths.ok()) return paths.status();
  // A file that cannot be read or analysed is reported and the others
  // still are.
  bool failed = false;
  for (const std::string& path : paths->files) {
    absl::StatusOr<std::string> content = ReadFileBytes(path);
    if (!content.ok()) {
      failed = true;
      ReportStatus(content.status(), std::cerr);
      continue;
    }
    absl::StatusOr<Analysis> analysis =
        (*pipeline)->Analyze(MakeRawReport(path, *std::move(content), *hints));
    if (!analysis.ok()) {
      failed = true;
      ReportStatus(
          absl::Status(analysis.status().code(),
                       absl::StrCat(path, ": ", analysis.status().message())),
          std::cerr);
      continue;
    }
    RecordPrinter<v1::Commitment> printer = CommitmentPrinter(flags->format);
    printer.AddAll(analysis->commitments());
    printer.Finish();
  }
  return failed ? ReportedFailure() : absl::OkStatus();
}

absl::Status RunIngest(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, -1, "ingest", "at least one PATH", kDefaultIngestTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  absl::StatusOr<ReportHints> hints = HintsFromFlags();
  if (!hints.ok()) return hints.status();
  absl::StatusOr<ReportPaths> paths = ReportFilesOf(args);
  if (!paths.ok()) return paths.status();
  const std::vector<std::string>& files = paths->files;
  auto stub = v1::IngestService::NewStub(client.channel());
  grpc::ClientContext context;
  client.PrepareStream(&context);
  auto stream = stub->StreamIngest(&context);

  // Writes run on their own thread so that reading files and the server's
  // answers overlap; HTTP/2 flow control keeps the writer from running ahead.
  std::vector<std::string> read_errors(files.size());
  std::thread writer([&] {
    for (size_t i = 0; i < files.size(); ++i) {
      const std::string& path = files[i];
      absl::StatusOr<std::string> content = ReadFileBytes(path);
      v1::StreamIngestRequest request;
      if (content.ok()) {
        *request.mutable_report() =
            MakeRawReport(path, *std::move(content), *hints);
      } else {
        // An empty request keeps the answers aligned with the files; the
        // server refuses it and the local reason is printed instead.
        read_errors[i] = std::string(content.status().message());
        request.mutable_report()->set_file_name(path);
      }
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });

  const OutputFormat format = flags.format;
  // jsonl: the answers, printed once all are in, in sequence order, so
  // that the last line holds the sequence number to read one's writes at.
  std::vector<v1::StreamIngestResponse> answers;
  ProgressBar progress(files.size());
  size_t answered = 0, failed = 0;
  v1::StreamIngestResponse response;
  while (stream->Read(&response)) {
    size_t index = static_cast<size_t>(response.index());
    const std::string& path =
        index < files.size() ? files[index] : response.file_name();
    progress.Clear();
    if (response.has_error()) {
      ++failed;
      std::string reason =
          index < read_errors.size() && !read_errors[index].empty()
              ? read_errors[index]
              : response.error().message();
      if (format == OutputFormat::kJsonl) {
        response.mutable_error()->set_message(reason);
      } else {
        std::cout << "FAILED " << path << ": " << reason << "\n";
      }
    } else if (format != OutputFormat::kJsonl) {
      const v1::IngestResult& r = response.result();
      std::cout << (r.unchanged()  ? "unchanged "
                    : r.replaced() ? "replaced "
                                   : "ok ")
                << path << " id=" << r.report_id() << " district="
                << (r.district().name().empty() ? "?" : r.district().name())
                << " year=" << r.year()
                << " commitments=" << r.commitment_count()
                << " warnings=" << r.warnings_size()
                << " seq=" << r.sequence_number() << "\n";
    }
    if (format == OutputFormat::kJsonl) {
      response.set_file_name(path);
      answers.push_back(response);
    }
    progress.Update(++answered);
  }
  writer.join();
  progress.Clear();
  std::stable_sort(
      answers.begin(), answers.end(),
      [](const v1::StreamIngestResponse& a, const v1::StreamIngestResponse& b) {
        return a.result().sequence_number() < b.result().sequence_number();
      });
  for (const v1::StreamIngestResponse& answer : answers) {
    PrintJsonLine(answer, std::cout);
  }
  absl::Status status = CallError("StreamIngest", stream->Finish());
  if (!status.ok()) return status;
  if (answered != files.size()) {
    return absl::DataLossError(absl::StrCat("the server answered ", answered,
                                            " of ", files.size(), " reports"));
  }
  std::cerr << answered - failed << " of " << answered << " reports ingested";
  if (!paths->skipped.empty()) {
    std::cerr << ", " << paths->skipped.size() << " other files skipped";
  }
  std::cerr << "\n";
  return failed == 0 ? absl::OkStatus() : ReportedFailure();
}

absl::Status RunQuery(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "query", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  v1::ListCommitmentsRequest request;
  absl::StatusOr<v1::CommitmentFilter> filter = FilterFromFlags(flags);
  if (!filter.ok()) return filter.status();
  *request.mutable_filter() = *std::move(filter);
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  RecordPrinter<v1::Commitment> printer = CommitmentPrinter(flags.format);
  return PrintPages(
      client, "ListCommitments", stub.get(), &QueryStub::ListCommitments,
      request, [](const v1::ListCommitmentsResponse& page) -> const auto& {
        return page.commitments();
      },
      flags.limit, "commitments", printer);
}

absl::Status RunReport(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 1, "report", "exactly one ID", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  auto stub = v1::QueryService::NewStub(client.channel());
  v1::GetReportRequest request;
  request.set_report_id(args[0]);
  request.set_view(absl::GetFlag(FLAGS_full) ? v1::REPORT_VIEW_FULL
                                             : v1::REPORT_VIEW_TEXT);
  request.set_min_sequence_number(flags.min_sequence);
  v1::Report report;
  absl::Status status = client.Call("GetReport", stub.get(),
                                    &QueryStub::GetReport, request, &report);
  if (!status.ok()) return status;
  if (flags.format == OutputFormat::kJsonl) {
    PrintJsonLine(report, std::cout);
    return absl::OkStatus();
  }
  std::cout << "id: " << report.id() << "\nlevel: "
            << absl::AsciiStrToLower(
                   v1::ReportLevel_Name(report.level()).substr(13))
            << "\ndistrict: " << report.district().name() << " ("
            << report.district().code() << ", " << report.district().city()
            << ", " << report.district().province() << ")\n";
  if (!report.name_as_written().empty()) {
    std::cout << "name as written: " << report.name_as_written() << "\n";
  }
  std::cout << "year: " << report.year() << "\nsource: " << report.source_file()
            << " (" << report.charset() << ", " << report.content_size()
            << " bytes)\ncommitments: " << report.commitment_count()
            << "\nwhy:\n";
  for (const v1::IdentityEvidence& e : report.identity_evidence()) {
    std::cout << "  " << e.field() << " from " << e.cue() << ": " << e.text();
    if (e.end() > e.begin()) {
      std::cout << " (bytes " << e.begin() << "-" << e.end() << ")";
    }
    std::cout << "\n";
  }
  std::cout << "warnings: " << report.warnings_size() << "\n";
  for (const v1::Warning& w : report.warnings()) {
    std::cout << "  " << v1::WarningKind_Name(w.kind()) << ": " << w.message()
              << "\n";
  }
  return absl::OkStatus();
}

absl::Status RunReports(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "reports", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  absl::StatusOr<YearRange> years = YearsFromFlag();
  if (!years.ok()) return years.status();
  v1::ListReportsRequest request;
  for (const std::string& d : flags.districts) request.add_districts(d);
  request.set_year_from(years->from);
  request.set_year_to(years->to);
  request.set_min_sequence_number(flags.min_sequence);
  for (v1::ReportLevel level : flags.levels) request.add_levels(level);
  auto stub = v1::QueryService::NewStub(client.channel());
  RecordPrinter<v1::Report> printer(
      flags.format, {"id", "district", "year", "commitments", "source"},
      [](const v1::Report& r) -> std::vector<std::string> {
        return {r.id(), r.district().name(), absl::StrCat(r.year()),
                absl::StrCat(r.commitment_count()), r.source_file()};
      },
      std::cout);
  return PrintPages(
      client, "ListReports", stub.get(), &QueryStub::ListReports, request,
      [](const v1::ListReportsResponse& page) -> const auto& {
        return page.reports();
      },
      /*limit=*/0, /*noun=*/nullptr, printer);
}

absl::Status RunDistricts(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "districts", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  absl::StatusOr<v1::ReportLevel> level =
      ParseOneLevelFlag(absl::GetFlag(FLAGS_level));
  if (!level.ok()) return level.status();
  v1::ListDistrictsRequest request;
  request.set_province(absl::GetFlag(FLAGS_province));
  request.set_city(absl::GetFlag(FLAGS_city));
  request.set_level(*level);
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  RecordPrinter<v1::DistrictSummary> printer(
      flags.format,
      {"code", "district", "city", "province", "reports", "commitments",
       "years"},
      [](const v1::DistrictSummary& d) -> std::vector<std::string> {
        return {d.district().code(),
                d.district().name(),
                d.district().city(),
                d.district().province(),
                absl::StrCat(d.report_count()),
                absl::StrCat(d.commitment_count()),
                absl::StrJoin(d.years(), ",")};
      },
      std::cout);
  return PrintPages(
      client, "ListDistricts", stub.get(), &QueryStub::ListDistricts, request,
      [](const v1::ListDistrictsResponse& page) -> const auto& {
        return page.districts();
      },
      /*limit=*/0, /*noun=*/nullptr, printer);
}

absl::Status RunMetrics(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "metrics", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  if (flags.domains.size() > 1) {
    return UsageError("metrics takes one --domain");
  }
  v1::ListMetricsRequest request;
  if (!flags.domains.empty()) request.set_domain(flags.domains.front());
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  RecordPrinter<v1::MetricSummary> printer(
      flags.format,
      {"id", "metric", "domain", "units", "quantities", "districts"},
      [](const v1::MetricSummary& m) -> std::vector<std::string> {
        return {m.metric_id().empty() ? "-" : m.metric_id(),
                m.name(),
                DomainId(m.domain()),
                absl::StrJoin(m.units(), ","),
                absl::StrCat(m.quantity_count()),
                absl::StrCat(m.district_count())};
      },
      std::cout);
  return PrintPages(
      client, "ListMetrics", stub.get(), &QueryStub::ListMetrics, request,
      [](const v1::ListMetricsResponse& page) -> const auto& {
        return page.metrics();
      },
      /*limit=*/0, /*noun=*/nullptr, printer);
}

namespace {

std::string MetricValue(const v1::MetricValueRow& r) {
  v1::Quantity q;
  q.set_value(r.value());
  q.set_unit(r.unit());
  q.set_comparator(r.comparator());
  return FormatQuantity(q);
}

std::vector<std::string> MetricRowCells(const v1::MetricValueRow& r) {
  return {r.district().name(), absl::StrCat(r.year()),
          r.kind() == v1::KIND_ACHIEVEMENT ? "achievement" : "target",
          MetricValue(r), r.sentence()};
}

}  // namespace

absl::Status RunCompare(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "compare", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  v1::CompareMetricRequest request;
  request.set_metric(absl::GetFlag(FLAGS_metric));
  if (request.metric().empty()) return UsageError("compare needs --metric");
  absl::StatusOr<YearRange> years = YearsFromFlag();
  if (!years.ok()) return years.status();
  absl::StatusOr<v1::ReportLevel> level =
      ParseOneLevelFlag(absl::GetFlag(FLAGS_level));
  if (!level.ok()) return level.status();
  request.set_year_from(years->from);
  request.set_year_to(years->to);
  if (flags.kind) request.set_kind(*flags.kind);
  for (const std::string& d : flags.districts) request.add_districts(d);
  request.set_city(absl::GetFlag(FLAGS_city));
  request.set_province(absl::GetFlag(FLAGS_province));
  request.set_unit(absl::GetFlag(FLAGS_unit));
  request.set_limit(flags.limit);
  request.set_level(*level);
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  v1::CompareMetricResponse response;
  absl::Status status =
      client.Call("CompareMetric", stub.get(), &QueryStub::CompareMetric,
                  request, &response);
  if (!status.ok()) return status;
  RecordPrinter<v1::MetricValueRow> printer(
      flags.format, {"district", "year", "kind", "value", "sentence"},
      MetricRowCells, std::cout);
  printer.AddAll(response.rows());
  printer.Finish();
  if (flags.format == OutputFormat::kTable && response.other_unit_count() > 0) {
    std::cerr << response.other_unit_count() << " values in units other than "
              << response.unit() << " left out (use --unit)\n";
  }
  return absl::OkStatus();
}

absl::Status RunTrack(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "track", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  v1::TrackMetricRequest request;
  request.set_district(absl::GetFlag(FLAGS_district));
  request.set_metric(absl::GetFlag(FLAGS_metric));
  if (request.district().empty() || request.metric().empty()) {
    return UsageError("track needs --district and --metric");
  }
  absl::StatusOr<YearRange> years = YearsFromFlag();
  if (!years.ok()) return years.status();
  request.set_year_from(years->from);
  request.set_year_to(years->to);
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  v1::TrackMetricResponse response;
  absl::Status status = client.Call(
      "TrackMetric", stub.get(), &QueryStub::TrackMetric, request, &response);
  if (!status.ok()) return status;
  auto values = [](const auto& rows) {
    std::vector<std::string> cells;
    for (const v1::MetricValueRow& r : rows) cells.push_back(MetricValue(r));
    return absl::StrJoin(cells, "; ");
  };
  RecordPrinter<v1::TrackPoint> printer(
      flags.format, {"year", "pledged", "achieved (next report)", "ratio"},
      [&values](const v1::TrackPoint& p) -> std::vector<std::string> {
        return {absl::StrCat(p.year()), values(p.targets()),
                values(p.achievements()),
                p.has_ratio() ? absl::StrCat(p.ratio()) : "-"};
      },
      std::cout);
  printer.AddAll(response.points());
  printer.Finish();
  return absl::OkStatus();
}

absl::Status RunSummary(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "summary", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  absl::StatusOr<YearRange> years = YearsFromFlag();
  if (!years.ok()) return years.status();
  v1::SummarizeCommitmentsRequest request;
  request.set_district(absl::GetFlag(FLAGS_district));
  request.set_city(absl::GetFlag(FLAGS_city));
  request.set_province(absl::GetFlag(FLAGS_province));
  for (v1::ReportLevel level : flags.levels) request.add_levels(level);
  request.set_year_from(years->from);
  request.set_year_to(years->to);
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  v1::SummarizeCommitmentsResponse response;
  absl::Status status =
      client.Call("SummarizeCommitments", stub.get(),
                  &QueryStub::SummarizeCommitments, request, &response);
  if (!status.ok()) return status;
  // The five largest counts, "name count, ...".
  auto counts = [](const auto& list) {
    std::vector<std::string> cells;
    for (const v1::Count& c : list) {
      cells.push_back(absl::StrCat(c.name(), " ", c.count()));
      if (cells.size() == 5) break;
    }
    return absl::StrJoin(cells, ", ");
  };
  RecordPrinter<v1::YearSummary> printer(
      flags.format,
      {"year", "reports", "commitments", "quantified", "top domains",
       "top metrics"},
      [&counts](const v1::YearSummary& y) -> std::vector<std::string> {
        return {absl::StrCat(y.year()),
                absl::StrCat(y.report_count()),
                absl::StrCat(y.commitment_count()),
                absl::StrCat(y.quantified_count()),
                counts(y.by_domain()),
                counts(y.by_metric())};
      },
      std::cout);
  printer.AddAll(response.years());
  printer.Finish();
  return absl::OkStatus();
}

absl::Status RunSearch(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "search", "", kDefaultQueryTarget);
  if (!setup.ok()) return setup.status();
  const CommonFlags& flags = setup->flags;
  const Client& client = setup->client;
  v1::SearchCommitmentsRequest request;
  request.set_text(absl::GetFlag(FLAGS_text));
  if (request.text().empty()) return UsageError("search needs --text");
  absl::StatusOr<v1::CommitmentFilter> filter = FilterFromFlags(flags);
  if (!filter.ok()) return filter.status();
  *request.mutable_filter() = *std::move(filter);
  request.set_min_sequence_number(flags.min_sequence);
  auto stub = v1::QueryService::NewStub(client.channel());
  RecordPrinter<v1::SearchHit> printer(
      flags.format, CommitmentHeader(),
      [](const v1::SearchHit& hit) { return CommitmentRow(hit.commitment()); },
      std::cout);
  return PrintPages(
      client, "SearchCommitments", stub.get(), &QueryStub::SearchCommitments,
      request, [](const v1::SearchCommitmentsResponse& page) -> const auto& {
        return page.hits();
      },
      flags.limit, "hits", printer);
}

absl::Status RunDelete(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 1, "delete", "exactly one ID", kDefaultIngestTarget);
  if (!setup.ok()) return setup.status();
  const Client& client = setup->client;
  auto stub = v1::IngestService::NewStub(client.channel());
  v1::DeleteReportRequest request;
  request.set_report_id(args[0]);
  v1::DeleteReportResponse response;
  absl::Status status =
      client.Call("DeleteReport", stub.get(), &IngestStub::DeleteReport,
                  request, &response);
  if (!status.ok()) return status;
  std::cout << "deleted " << args[0] << " with " << response.commitment_count()
            << " commitments seq=" << response.sequence_number() << "\n";
  return absl::OkStatus();
}

absl::Status RunHealth(const std::vector<std::string>& args) {
  absl::StatusOr<CallSetup> setup =
      SetUp(args, 0, "health", "", kDefaultIngestTarget);
  if (!setup.ok()) return setup.status();
  const Client& client = setup->client;
  absl::StatusOr<bool> serving = CheckServing(
      client.channel(), absl::ToChronoMilliseconds(client.timeout()),
      absl::GetFlag(FLAGS_service));
  if (!serving.ok()) {
    return absl::Status(
        serving.status().code(),
        absl::StrCat("health check failed: ", serving.status().ToString()));
  }
  std::cout << (*serving ? "SERVING" : "NOT_SERVING") << "\n";
  return *serving ? absl::OkStatus() : ReportedFailure();
}

}  // namespace govreport::tools
