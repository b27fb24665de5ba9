#include "tools/commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/domains.h"
#include "common/pipeline.h"
#include "govreport/v1/ingest.grpc.pb.h"
#include "govreport/v1/query.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "server/health_client.h"
#include "tools/files.h"
#include "tools/output.h"

ABSL_FLAG(std::string, target, "",
          "HOST:PORT of the server; default the GOVREPORT_TARGET "
          "environment variable, else 127.0.0.1:50051 for ingest, delete "
          "and health, 127.0.0.1:50052 for the query commands");
ABSL_FLAG(std::string, format, "table", "output format: table or jsonl");
ABSL_FLAG(int, limit, 0, "stop after N results; 0 follows every page");
ABSL_FLAG(std::string, district, "",
          "district code, official or short name; with ingest, a hint for "
          "every file");
ABSL_FLAG(std::string, city, "", "city filter, e.g. 青岛市 or 青岛");
ABSL_FLAG(std::string, province, "", "province filter, e.g. 山东省 or 山东");
ABSL_FLAG(std::string, domain, "", "domain id, e.g. employment");
ABSL_FLAG(std::string, metric, "", "metric id or phrase, e.g. 新增城镇就业");
ABSL_FLAG(std::string, year, "",
          "plan year Y or range Y1-Y2; with ingest, a year hint for every "
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
ABSL_FLAG(double, timeout, 30, "deadline of each call, in seconds");
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

constexpr char kDefaultIngestTarget[] = "127.0.0.1:50051";
constexpr char kDefaultQueryTarget[] = "127.0.0.1:50052";

int UsageError(const std::string& message) {
  std::cerr << "reportctl: " << message << "\n";
  return 2;
}

int CallFailed(const std::string& what, const grpc::Status& status) {
  std::cerr << "reportctl: " << what << " failed: "
            << absl::StatusCodeToString(
                   static_cast<absl::StatusCode>(status.error_code()))
            << ": " << status.error_message() << "\n";
  return 1;
}

std::string ReadTextFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileBytes(path);
  if (!text.ok()) {
    std::cerr << "reportctl: " << text.status().message() << "\n";
    std::exit(2);
  }
  return *std::move(text);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials() {
  if (absl::GetFlag(FLAGS_tls_ca).empty()) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadTextFile(absl::GetFlag(FLAGS_tls_ca));
  if (!absl::GetFlag(FLAGS_tls_cert).empty()) {
    ssl.pem_cert_chain = ReadTextFile(absl::GetFlag(FLAGS_tls_cert));
    ssl.pem_private_key = ReadTextFile(absl::GetFlag(FLAGS_tls_key));
  }
  return grpc::SslCredentials(ssl);
}

std::shared_ptr<grpc::Channel> Connect(const char* default_target) {
  std::string target = absl::GetFlag(FLAGS_target);
  if (target.empty()) {
    const char* env = std::getenv("GOVREPORT_TARGET");
    target = env != nullptr && *env != '\0' ? env : default_target;
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  return grpc::CreateCustomChannel(target, ChannelCredentials(), args);
}

// The bearer token from --token_file or GOVREPORT_TOKEN; empty for none.
const std::string& BearerToken() {
  static const std::string* token = [] {
    std::string value;
    if (!absl::GetFlag(FLAGS_token_file).empty()) {
      value = ReadTextFile(absl::GetFlag(FLAGS_token_file));
    } else if (const char* env = std::getenv("GOVREPORT_TOKEN")) {
      value = env;
    }
    return new std::string(absl::StripAsciiWhitespace(value));
  }();
  return *token;
}

// Sets the call's token and, for calls that are not long streams, the
// --timeout deadline.
void PrepareContext(grpc::ClientContext* context, bool with_deadline = true) {
  if (!BearerToken().empty()) {
    context->AddMetadata("authorization", "Bearer " + BearerToken());
  }
  if (with_deadline) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(
                              absl::GetFlag(FLAGS_timeout) * 1000)));
  }
}

OutputFormat FormatFlag() {
  OutputFormat format = OutputFormat::kTable;
  if (!ParseOutputFormat(absl::GetFlag(FLAGS_format), &format)) {
    std::cerr << "reportctl: --format must be table or jsonl; using table\n";
  }
  return format;
}

// Parses --year as "Y" or "Y1-Y2" into an inclusive range; 0 is open.
bool ParseYearRange(const std::string& text, int* from, int* to) {
  *from = *to = 0;
  if (text.empty()) return true;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  if (parts.size() == 1) {
    if (!absl::SimpleAtoi(parts[0], from)) return false;
    *to = *from;
    return true;
  }
  return parts.size() == 2 &&
         (parts[0].empty() || absl::SimpleAtoi(parts[0], from)) &&
         (parts[1].empty() || absl::SimpleAtoi(parts[1], to));
}

// --year as an inclusive range (0 = open); false after printing the
// problem when it does not parse.
bool YearFlag(int* from, int* to) {
  if (ParseYearRange(absl::GetFlag(FLAGS_year), from, to)) return true;
  std::cerr << "reportctl: --year must be Y or Y1-Y2\n";
  return false;
}

// The report levels --level names, in order; false after printing the
// problem when one is no level.
bool LevelsFlag(std::vector<v1::ReportLevel>* levels) {
  for (absl::string_view word :
       absl::StrSplit(absl::GetFlag(FLAGS_level), ',', absl::SkipEmpty())) {
    v1::ReportLevel level;
    if (!v1::ReportLevel_Parse(
            absl::StrCat("REPORT_LEVEL_", absl::AsciiStrToUpper(word)),
            &level)) {
      std::cerr << "reportctl: unknown --level '" << word
                << "'; use county, city or province\n";
      return false;
    }
    levels->push_back(level);
  }
  return true;
}

// The one level --level names, county when it names none; false after
// printing the problem.
bool OneLevelFlag(v1::ReportLevel* level) {
  std::vector<v1::ReportLevel> levels;
  if (!LevelsFlag(&levels)) return false;
  if (levels.size() > 1) {
    std::cerr << "reportctl: this command takes one --level\n";
    return false;
  }
  *level = levels.empty() ? v1::REPORT_LEVEL_COUNTY : levels.front();
  return true;
}

// Builds the commitment filter from the flags; false after printing the
// problem when a flag does not parse.
bool FilterFromFlags(v1::CommitmentFilter* filter) {
  for (absl::string_view d :
       absl::StrSplit(absl::GetFlag(FLAGS_district), ',', absl::SkipEmpty())) {
    filter->add_districts(std::string(d));
  }
  filter->set_city(absl::GetFlag(FLAGS_city));
  filter->set_province(absl::GetFlag(FLAGS_province));
  for (absl::string_view d :
       absl::StrSplit(absl::GetFlag(FLAGS_domain), ',', absl::SkipEmpty())) {
    std::optional<v1::Domain> domain = ParseDomain({d.data(), d.size()});
    if (!domain) {
      std::cerr << "reportctl: unknown --domain '" << d
                << "'; use an id such as employment or education\n";
      return false;
    }
    filter->add_domains(*domain);
  }
  filter->set_metric(absl::GetFlag(FLAGS_metric));
  int from = 0, to = 0;
  if (!YearFlag(&from, &to)) return false;
  filter->set_year_from(from);
  filter->set_year_to(to);
  if (!absl::GetFlag(FLAGS_kind).empty()) {
    std::optional<v1::Kind> kind = ParseKind(absl::GetFlag(FLAGS_kind));
    if (!kind) {
      std::cerr << "reportctl: --kind must be target or achievement\n";
      return false;
    }
    filter->set_kind(*kind);
  }
  filter->set_text_contains(absl::GetFlag(FLAGS_text));
  filter->set_quantified_only(absl::GetFlag(FLAGS_quantified));
  std::vector<v1::ReportLevel> levels;
  if (!LevelsFlag(&levels)) return false;
  for (v1::ReportLevel level : levels) filter->add_levels(level);
  return true;
}

void PrintCommitments(const std::vector<v1::Commitment>& commitments,
                      OutputFormat format) {
  if (format == OutputFormat::kJsonl) {
    for (const v1::Commitment& c : commitments) PrintJsonLine(c, std::cout);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::Commitment& c : commitments) rows.push_back(CommitmentRow(c));
  PrintTable(CommitmentHeader(), rows, std::cout);
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

v1::RawReport RawReportFromFlags(const std::string& path, std::string content) {
  v1::RawReport raw;
  raw.set_content(std::move(content));
  raw.set_file_name(path.substr(path.find_last_of('/') + 1));
  raw.set_charset_hint(absl::GetFlag(FLAGS_charset));
  raw.set_district_hint(absl::GetFlag(FLAGS_district));
  int year = 0;
  if (!absl::GetFlag(FLAGS_year).empty()) {
    (void)absl::SimpleAtoi(absl::GetFlag(FLAGS_year), &year);
  }
  raw.set_year_hint(year);
  return raw;
}

// Follows next_page_token to the end, printing every item as a JSON line
// or a table row.
template <typename Request, typename Response, typename Item>
int PrintAllPages(
    const char* method, Request request,
    const std::function<grpc::Status(grpc::ClientContext*, const Request&,
                                     Response*)>& call,
    const std::function<const google::protobuf::RepeatedPtrField<Item>&(
        const Response&)>& items,
    const std::vector<std::string>& header,
    const std::function<std::vector<std::string>(const Item&)>& row) {
  const OutputFormat format = FormatFlag();
  std::vector<std::vector<std::string>> rows;
  do {
    grpc::ClientContext context;
    PrepareContext(&context);
    Response response;
    grpc::Status status = call(&context, request, &response);
    if (!status.ok()) return CallFailed(method, status);
    for (const Item& item : items(response)) {
      if (format == OutputFormat::kJsonl) {
        PrintJsonLine(item, std::cout);
      } else {
        rows.push_back(row(item));
      }
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (format == OutputFormat::kTable) PrintTable(header, rows, std::cout);
  return 0;
}

// The report files `args` stand for (see ExpandReportPaths; --include
// widens the extensions), each file a folder left out listed on stderr;
// nullopt after printing why when a path cannot be expanded or no report
// file is found.
std::optional<ReportPaths> ReportFilesOf(const std::vector<std::string>& args) {
  std::vector<std::string> extensions = DefaultReportExtensions();
  for (const std::string& more : absl::GetFlag(FLAGS_include)) {
    extensions.push_back(std::string(absl::StripPrefix(more, ".")));
  }
  absl::StatusOr<ReportPaths> paths = ExpandReportPaths(args, extensions);
  if (!paths.ok()) {
    std::cerr << "reportctl: " << paths.status().message() << "\n";
    return std::nullopt;
  }
  for (const std::string& path : paths->skipped) {
    const std::string extension =
        std::filesystem::path(path).extension().string();
    std::cerr << "skipped " << path << ": not a report file (--include="
              << (extension.empty() ? "*" : extension.substr(1))
              << " takes it)\n";
  }
  if (paths->files.empty()) {
    std::cerr << "reportctl: no report files (extensions "
              << absl::StrJoin(extensions, ", ") << ") in "
              << absl::StrJoin(args, " ") << "\n";
    return std::nullopt;
  }
  return *std::move(paths);
}

}  // namespace

int RunExtract(const std::vector<std::string>& args) {
  if (args.empty()) return UsageError("extract needs at least one FILE");
  OutputFormat format = FormatFlag();
  absl::StatusOr<std::unique_ptr<Pipeline>> pipeline = Pipeline::Create();
  if (!pipeline.ok()) {
    std::cerr << "reportctl: " << pipeline.status() << "\n";
    return 1;
  }
  std::optional<ReportPaths> paths = ReportFilesOf(args);
  if (!paths.has_value()) return 1;
  int exit_code = 0;
  for (const std::string& path : paths->files) {
    absl::StatusOr<std::string> content = ReadFileBytes(path);
    if (!content.ok()) {
      std::cerr << "reportctl: " << content.status().message() << "\n";
      exit_code = 1;
      continue;
    }
    absl::StatusOr<Analysis> analysis =
        (*pipeline)->Analyze(RawReportFromFlags(path, *std::move(content)));
    if (!analysis.ok()) {
      std::cerr << "reportctl: " << path << ": " << analysis.status().message()
                << "\n";
      exit_code = 1;
      continue;
    }
    PrintCommitments(analysis->commitments, format);
  }
  return exit_code;
}

int RunIngest(const std::vector<std::string>& args) {
  if (args.empty()) return UsageError("ingest needs at least one PATH");
  std::optional<ReportPaths> paths = ReportFilesOf(args);
  if (!paths.has_value()) return 1;
  const std::vector<std::string>& files = paths->files;
  auto stub = v1::IngestService::NewStub(Connect(kDefaultIngestTarget));
  grpc::ClientContext context;
  PrepareContext(&context, /*with_deadline=*/false);
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
            RawReportFromFlags(path, *std::move(content));
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

  const OutputFormat format = FormatFlag();
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
  grpc::Status status = stream->Finish();
  if (!status.ok()) return CallFailed("StreamIngest", status);
  if (answered != files.size()) {
    std::cerr << "reportctl: the server answered " << answered << " of "
              << files.size() << " reports\n";
    return 1;
  }
  std::cerr << answered - failed << " of " << answered << " reports ingested";
  if (!paths->skipped.empty()) {
    std::cerr << ", " << paths->skipped.size() << " other files skipped";
  }
  std::cerr << "\n";
  return failed == 0 ? 0 : 1;
}

int RunQuery(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("query takes flags only");
  v1::ListCommitmentsRequest request;
  if (!FilterFromFlags(request.mutable_filter())) return 2;
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  const int limit = absl::GetFlag(FLAGS_limit);
  OutputFormat format = FormatFlag();
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  std::vector<v1::Commitment> results;
  do {
    if (limit > 0) {
      request.set_page_size(
          static_cast<int>(std::min<size_t>(1000, limit - results.size())));
    }
    grpc::ClientContext context;
    PrepareContext(&context);
    v1::ListCommitmentsResponse response;
    grpc::Status status = stub->ListCommitments(&context, request, &response);
    if (!status.ok()) return CallFailed("ListCommitments", status);
    for (v1::Commitment& c : *response.mutable_commitments()) {
      results.push_back(std::move(c));
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() &&
           (limit <= 0 || results.size() < static_cast<size_t>(limit)));
  PrintCommitments(results, format);
  if (format == OutputFormat::kTable) {
    std::cerr << results.size() << " commitments\n";
  }
  return 0;
}

int RunReport(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("report needs exactly one ID");
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  v1::GetReportRequest request;
  request.set_report_id(args[0]);
  request.set_view(absl::GetFlag(FLAGS_full) ? v1::REPORT_VIEW_FULL
                                             : v1::REPORT_VIEW_TEXT);
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  grpc::ClientContext context;
  PrepareContext(&context);
  v1::Report report;
  grpc::Status status = stub->GetReport(&context, request, &report);
  if (!status.ok()) return CallFailed("GetReport", status);
  if (FormatFlag() == OutputFormat::kJsonl) {
    PrintJsonLine(report, std::cout);
  } else {
    std::cout << "id: " << report.id() << "\nlevel: "
              << absl::AsciiStrToLower(
                     v1::ReportLevel_Name(report.level()).substr(13))
              << "\ndistrict: " << report.district().name() << " ("
              << report.district().code() << ", " << report.district().city()
              << ", " << report.district().province() << ")\n";
    if (!report.name_as_written().empty()) {
      std::cout << "name as written: " << report.name_as_written() << "\n";
    }
    std::cout << "year: " << report.year()
              << "\nsource: " << report.source_file() << " ("
              << report.charset() << ", " << report.content_size()
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
  }
  return 0;
}

int RunReports(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("reports takes flags only");
  v1::ListReportsRequest request;
  for (absl::string_view d :
       absl::StrSplit(absl::GetFlag(FLAGS_district), ',', absl::SkipEmpty())) {
    request.add_districts(std::string(d));
  }
  int from = 0, to = 0;
  if (!YearFlag(&from, &to)) return 2;
  request.set_year_from(from);
  request.set_year_to(to);
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  std::vector<v1::ReportLevel> levels;
  if (!LevelsFlag(&levels)) return 2;
  for (v1::ReportLevel level : levels) request.add_levels(level);
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  return PrintAllPages<v1::ListReportsRequest, v1::ListReportsResponse,
                       v1::Report>(
      "ListReports", request,
      [&stub](grpc::ClientContext* c, const v1::ListReportsRequest& r,
              v1::ListReportsResponse* out) {
        return stub->ListReports(c, r, out);
      },
      [](const v1::ListReportsResponse& r) -> const auto& {
        return r.reports();
      },
      {"id", "district", "year", "commitments", "source"},
      [](const v1::Report& r) -> std::vector<std::string> {
        return {r.id(), r.district().name(), absl::StrCat(r.year()),
                absl::StrCat(r.commitment_count()), r.source_file()};
      });
}

int RunDistricts(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("districts takes flags only");
  v1::ListDistrictsRequest request;
  request.set_province(absl::GetFlag(FLAGS_province));
  request.set_city(absl::GetFlag(FLAGS_city));
  v1::ReportLevel level;
  if (!OneLevelFlag(&level)) return 2;
  request.set_level(level);
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  return PrintAllPages<v1::ListDistrictsRequest, v1::ListDistrictsResponse,
                       v1::DistrictSummary>(
      "ListDistricts", request,
      [&stub](grpc::ClientContext* c, const v1::ListDistrictsRequest& r,
              v1::ListDistrictsResponse* out) {
        return stub->ListDistricts(c, r, out);
      },
      [](const v1::ListDistrictsResponse& r) -> const auto& {
        return r.districts();
      },
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
      });
}

int RunMetrics(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("metrics takes flags only");
  v1::ListMetricsRequest request;
  if (!absl::GetFlag(FLAGS_domain).empty()) {
    std::optional<v1::Domain> domain = ParseDomain(absl::GetFlag(FLAGS_domain));
    if (!domain) return UsageError("unknown --domain");
    request.set_domain(*domain);
  }
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  return PrintAllPages<v1::ListMetricsRequest, v1::ListMetricsResponse,
                       v1::MetricSummary>(
      "ListMetrics", request,
      [&stub](grpc::ClientContext* c, const v1::ListMetricsRequest& r,
              v1::ListMetricsResponse* out) {
        return stub->ListMetrics(c, r, out);
      },
      [](const v1::ListMetricsResponse& r) -> const auto& {
        return r.metrics();
      },
      {"id", "metric", "domain", "units", "quantities", "districts"},
      [](const v1::MetricSummary& m) -> std::vector<std::string> {
        return {m.metric_id().empty() ? "-" : m.metric_id(),
                m.name(),
                DomainId(m.domain()),
                absl::StrJoin(m.units(), ","),
                absl::StrCat(m.quantity_count()),
                absl::StrCat(m.district_count())};
      });
}

namespace {

std::vector<std::string> MetricRowCells(const v1::MetricValueRow& r) {
  return {r.district().name(), absl::StrCat(r.year()),
          r.kind() == v1::KIND_ACHIEVEMENT ? "achievement" : "target",
          FormatQuantity([&r] {
            v1::Quantity q;
            q.set_value(r.value());
            q.set_unit(r.unit());
            q.set_comparator(r.comparator());
            return q;
          }()),
          r.sentence()};
}

}  // namespace

int RunCompare(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("compare takes flags only");
  v1::CompareMetricRequest request;
  request.set_metric(absl::GetFlag(FLAGS_metric));
  if (request.metric().empty()) return UsageError("compare needs --metric");
  int from = 0, to = 0;
  if (!YearFlag(&from, &to)) return 2;
  request.set_year_from(from);
  request.set_year_to(to);
  if (!absl::GetFlag(FLAGS_kind).empty()) {
    std::optional<v1::Kind> kind = ParseKind(absl::GetFlag(FLAGS_kind));
    if (!kind) return UsageError("--kind must be target or achievement");
    request.set_kind(*kind);
  }
  for (absl::string_view d :
       absl::StrSplit(absl::GetFlag(FLAGS_district), ',', absl::SkipEmpty())) {
    request.add_districts(std::string(d));
  }
  request.set_city(absl::GetFlag(FLAGS_city));
  request.set_province(absl::GetFlag(FLAGS_province));
  request.set_unit(absl::GetFlag(FLAGS_unit));
  request.set_limit(absl::GetFlag(FLAGS_limit));
  v1::ReportLevel level;
  if (!OneLevelFlag(&level)) return 2;
  request.set_level(level);
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  grpc::ClientContext context;
  PrepareContext(&context);
  v1::CompareMetricResponse response;
  grpc::Status status = stub->CompareMetric(&context, request, &response);
  if (!status.ok()) return CallFailed("CompareMetric", status);
  if (FormatFlag() == OutputFormat::kJsonl) {
    for (const auto& row : response.rows()) PrintJsonLine(row, std::cout);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : response.rows()) rows.push_back(MetricRowCells(row));
  PrintTable({"district", "year", "kind", "value", "sentence"}, rows,
             std::cout);
  if (response.other_unit_count() > 0) {
    std::cerr << response.other_unit_count() << " values in units other than "
              << response.unit() << " left out (use --unit)\n";
  }
  return 0;
}

int RunTrack(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("track takes flags only");
  v1::TrackMetricRequest request;
  request.set_district(absl::GetFlag(FLAGS_district));
  request.set_metric(absl::GetFlag(FLAGS_metric));
  if (request.district().empty() || request.metric().empty()) {
    return UsageError("track needs --district and --metric");
  }
  int from = 0, to = 0;
  if (!YearFlag(&from, &to)) return 2;
  request.set_year_from(from);
  request.set_year_to(to);
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  grpc::ClientContext context;
  PrepareContext(&context);
  v1::TrackMetricResponse response;
  grpc::Status status = stub->TrackMetric(&context, request, &response);
  if (!status.ok()) return CallFailed("TrackMetric", status);
  if (FormatFlag() == OutputFormat::kJsonl) {
    for (const auto& point : response.points()) PrintJsonLine(point, std::cout);
    return 0;
  }
  auto values = [](const auto& rows) {
    std::vector<std::string> cells;
    for (const v1::MetricValueRow& r : rows)
      cells.push_back(MetricRowCells(r)[3]);
    return absl::StrJoin(cells, "; ");
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : response.points()) {
    rows.push_back({absl::StrCat(p.year()), values(p.targets()),
                    values(p.achievements()),
                    p.has_ratio() ? absl::StrCat(p.ratio()) : "-"});
  }
  PrintTable({"year", "pledged", "achieved (next report)", "ratio"}, rows,
             std::cout);
  return 0;
}

int RunSummary(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("summary takes flags only");
  v1::SummarizeCommitmentsRequest request;
  request.set_district(absl::GetFlag(FLAGS_district));
  request.set_city(absl::GetFlag(FLAGS_city));
  request.set_province(absl::GetFlag(FLAGS_province));
  std::vector<v1::ReportLevel> levels;
  if (!LevelsFlag(&levels)) return 2;
  for (v1::ReportLevel level : levels) request.add_levels(level);
  int from = 0, to = 0;
  if (!YearFlag(&from, &to)) return 2;
  request.set_year_from(from);
  request.set_year_to(to);
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  grpc::ClientContext context;
  PrepareContext(&context);
  v1::SummarizeCommitmentsResponse response;
  grpc::Status status =
      stub->SummarizeCommitments(&context, request, &response);
  if (!status.ok()) return CallFailed("SummarizeCommitments", status);
  if (FormatFlag() == OutputFormat::kJsonl) {
    for (const auto& year : response.years()) PrintJsonLine(year, std::cout);
    return 0;
  }
  auto counts = [](const auto& list) {
    std::vector<std::string> cells;
    for (const v1::Count& c : list) {
      cells.push_back(absl::StrCat(c.name(), " ", c.count()));
      if (cells.size() == 5) break;
    }
    return absl::StrJoin(cells, ", ");
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& y : response.years()) {
    rows.push_back({absl::StrCat(y.year()), absl::StrCat(y.report_count()),
                    absl::StrCat(y.commitment_count()),
                    absl::StrCat(y.quantified_count()), counts(y.by_domain()),
                    counts(y.by_metric())});
  }
  PrintTable({"year", "reports", "commitments", "quantified", "top domains",
              "top metrics"},
             rows, std::cout);
  return 0;
}

int RunSearch(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("search takes flags only");
  v1::SearchCommitmentsRequest request;
  request.set_text(absl::GetFlag(FLAGS_text));
  if (request.text().empty()) return UsageError("search needs --text");
  if (!FilterFromFlags(request.mutable_filter())) return 2;
  request.set_min_sequence_number(absl::GetFlag(FLAGS_min_sequence));
  const int limit = absl::GetFlag(FLAGS_limit);
  auto stub = v1::QueryService::NewStub(Connect(kDefaultQueryTarget));
  OutputFormat format = FormatFlag();
  std::vector<v1::SearchHit> hits;
  do {
    grpc::ClientContext context;
    PrepareContext(&context);
    v1::SearchCommitmentsResponse response;
    grpc::Status status = stub->SearchCommitments(&context, request, &response);
    if (!status.ok()) return CallFailed("SearchCommitments", status);
    hits.insert(hits.end(), response.hits().begin(), response.hits().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() &&
           (limit <= 0 || hits.size() < static_cast<size_t>(limit)));
  if (limit > 0 && hits.size() > static_cast<size_t>(limit)) hits.resize(limit);
  if (format == OutputFormat::kJsonl) {
    for (const auto& hit : hits) PrintJsonLine(hit, std::cout);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& hit : hits) rows.push_back(CommitmentRow(hit.commitment()));
  PrintTable(CommitmentHeader(), rows, std::cout);
  std::cerr << hits.size() << " hits\n";
  return 0;
}

int RunDelete(const std::vector<std::string>& args) {
  if (args.size() != 1) return UsageError("delete needs exactly one ID");
  auto stub = v1::IngestService::NewStub(Connect(kDefaultIngestTarget));
  v1::DeleteReportRequest request;
  request.set_report_id(args[0]);
  grpc::ClientContext context;
  PrepareContext(&context);
  v1::DeleteReportResponse response;
  grpc::Status status = stub->DeleteReport(&context, request, &response);
  if (!status.ok()) return CallFailed("DeleteReport", status);
  std::cout << "deleted " << args[0] << " with " << response.commitment_count()
            << " commitments seq=" << response.sequence_number() << "\n";
  return 0;
}

int RunHealth(const std::vector<std::string>& args) {
  if (!args.empty()) return UsageError("health takes flags only");
  absl::StatusOr<bool> serving = CheckServing(
      Connect(kDefaultIngestTarget),
      std::chrono::milliseconds(
          static_cast<int64_t>(absl::GetFlag(FLAGS_timeout) * 1000)),
      absl::GetFlag(FLAGS_service));
  if (!serving.ok()) {
    std::cerr << "reportctl: health check failed: " << serving.status() << "\n";
    return 1;
  }
  std::cout << (*serving ? "SERVING" : "NOT_SERVING") << "\n";
  return *serving ? 0 : 1;
}

}  // namespace govreport::tools
