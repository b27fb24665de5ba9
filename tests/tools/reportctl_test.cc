// reportctl against the real servers: every command, what it sends and
// prints, and how it says a flag or a call went wrong.

#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"
#include "tests/tools/server_pair.h"

namespace govreport {
namespace {

using ::govreport::testing::ReadSample;

// What one reportctl run printed (stdout and stderr together) and its exit
// code.
struct CommandRun {
  std::string output;
  int exit_code = -1;
};

// `environment`: shell assignments ("NAME=value ") to run it with.
CommandRun Reportctl(const std::string& args,
                     const std::string& environment = "") {
  const std::string command = environment + std::string(GOVREPORT_BIN_DIR) +
                              "/reportctl " + args + " 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    run.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

void Write(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class ReportctlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ingest_.Start();
    ASSERT_TRUE(ingest_.WaitServing());
  }

  testing::TestDbDir dir_;
  testing::ServerProcess ingest_{
      std::string(GOVREPORT_BIN_DIR) + "/ingest_server",
      {"--db=" + dir_.Sub("db")}};
};

// A folder holding reports beside code and notes sends only the reports
// and lists the rest as skipped; --include widens the list.
TEST_F(ReportctlTest, IngestTakesReportFilesOfAFolder) {
  const std::string tree = dir_.Sub("tree");
  Write(tree + "/licang.txt", ReadSample("licang.txt"));
  Write(tree + "/more/shinan.html", ReadSample("shinan.txt"));
  Write(tree + "/notes.md", "# 说明\n" + ReadSample("jinniu.txt"));
  Write(tree + "/score.py", "print('not a report')\n");
  Write(tree + "/gold.jsonl", "{}\n");
  const std::string target = "--target=" + ingest_.address() + " --year=2024 ";

  CommandRun run = Reportctl("ingest " + target + tree);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("ok " + tree + "/licang.txt"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("ok " + tree + "/more/shinan.html"),
            std::string::npos);
  for (const char* skipped : {"notes.md", "score.py", "gold.jsonl"}) {
    EXPECT_NE(run.output.find("skipped " + tree + "/" + skipped),
              std::string::npos)
        << skipped << "\n"
        << run.output;
  }
  EXPECT_NE(run.output.find("2 of 2 reports ingested, 3 other files skipped"),
            std::string::npos)
      << run.output;

  run = Reportctl("ingest " + target + "--include=md " + tree);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("ok " + tree + "/notes.md"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("unchanged " + tree + "/licang.txt"),
            std::string::npos);

  Write(dir_.Sub("code/tool.py"), "print('not a report')\n");
  run = Reportctl("ingest " + target + dir_.Sub("code"));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("no report files"), std::string::npos)
      << run.output;
}

// A failed call names its code; exit codes: 0 ok, 1 failed call, 2 usage.
TEST_F(ReportctlTest, ErrorLinesAndExitCodes) {
  const std::string target = "--target=" + ingest_.address() + " ";
  CommandRun run = Reportctl("delete " + target + "'a b'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("reportctl: DeleteReport failed: "
                            "INVALID_ARGUMENT: report_id"),
            std::string::npos)
      << run.output;
  run = Reportctl("delete " + target);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  run = Reportctl("no-such-command");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  run = Reportctl("health " + target + "--service=liveness");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  run = Reportctl("health " + target + "--service=nope");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("NOT_FOUND"), std::string::npos) << run.output;
}

// --format=jsonl on ingest: one object per file, the highest sequence
// number last, failures with their reason.
TEST_F(ReportctlTest, IngestAsJsonLines) {
  const std::string folder = dir_.Sub("jsonl");
  Write(folder + "/a.txt", ReadSample("licang.txt"));
  Write(folder + "/b.txt", ReadSample("shinan.txt"));
  Write(folder + "/c.txt", "");
  CommandRun run = Reportctl(
      "ingest --format=jsonl --target=" + ingest_.address() + " " + folder);
  EXPECT_EQ(run.exit_code, 1) << run.output;  // c.txt is empty
  // The JSON lines, without the summary reportctl writes to stderr.
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(run.output, '\n')) {
    if (absl::StartsWith(line, "{")) lines.emplace_back(std::string(line));
  }
  ASSERT_EQ(lines.size(), 3u) << run.output;
  // The failure (no sequence number) first, then the stored reports in
  // sequence order.
  EXPECT_NE(lines[0].find("\"error\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("c.txt"), std::string::npos) << lines[0];
  uint64_t last = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t at = lines[i].find("\"sequence_number\":\"");
    ASSERT_NE(at, std::string::npos) << lines[i];
    const uint64_t seq = std::stoull(lines[i].substr(at + 19));
    EXPECT_GT(seq, last) << lines[i];
    last = seq;
  }
}

// GOVREPORT_TARGET stands for --target; --target wins.
TEST_F(ReportctlTest, TargetFromTheEnvironment) {
  const std::string here = "GOVREPORT_TARGET=" + ingest_.address() + " ";
  // Nothing listens on port 1.
  const std::string nowhere = "GOVREPORT_TARGET=127.0.0.1:1 ";
  CommandRun run = Reportctl("health --service=liveness", here);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  run = Reportctl("health", nowhere);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("UNAVAILABLE"), std::string::npos) << run.output;
  run = Reportctl("health --target=" + ingest_.address(), nowhere);
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

// The JSON lines of a run's output (reportctl writes its summaries to
// stderr, which Reportctl merges in).
std::vector<std::string> JsonLines(const std::string& output) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (absl::StartsWith(line, "{")) lines.emplace_back(line);
  }
  return lines;
}

// The value of the JSON string field `name` in `line`; empty when absent.
std::string JsonString(const std::string& line, const std::string& name) {
  const std::string key = "\"" + name + "\":\"";
  const size_t at = line.find(key);
  if (at == std::string::npos) return "";
  const size_t begin = at + key.size();
  return line.substr(begin, line.find('"', begin) - begin);
}

// The commitments the extractor reads from the sample licang.txt (with
// the year hint 2024), as the tables and messages print the count: it
// follows the extraction rules, which these tests do not pin.
std::string LicangCommitments() {
  CommandRun run =
      Reportctl("extract --format=jsonl --year=2024 " +
                std::string(GOVREPORT_TEST_DATA_DIR) + "/reports/licang.txt");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  return std::to_string(JsonLines(run.output).size());
}

// extract runs the pipeline locally: no server, a table or JSON lines.
TEST(ReportctlExtractTest, PrintsCommitmentsOfAFile) {
  const std::string file =
      std::string(GOVREPORT_TEST_DATA_DIR) + "/reports/licang.txt";
  CommandRun run = Reportctl("extract " + file);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(absl::StartsWith(run.output, "district  year  kind"))
      << run.output;
  EXPECT_NE(run.output.find("李沧区"), std::string::npos);

  run = Reportctl("extract --format=jsonl --year=2024 " + file);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> lines = JsonLines(run.output);
  ASSERT_GT(lines.size(), 10u) << run.output;
  EXPECT_NE(lines[0].find("\"text\""), std::string::npos) << lines[0];

  run = Reportctl("extract " + file + " /no/such/file.txt");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("/no/such/file.txt"), std::string::npos)
      << run.output;
}

// The query commands against a query server following an ingest server
// that holds the four sample reports (ingested once, by reportctl, with
// the year hint 2024).
class ReportctlQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TestDbDir();
    servers_ = new testing::ServerPair(*dir_);
    ASSERT_TRUE(servers_->Start());
    CommandRun run = Reportctl("ingest --format=jsonl --year=2024 --target=" +
                               servers_->ingest().address() + " " +
                               GOVREPORT_TEST_DATA_DIR + "/reports");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    std::vector<std::string> lines = JsonLines(run.output);
    ASSERT_EQ(lines.size(), 4u) << run.output;
    // The last line holds the highest sequence number.
    *last_sequence_ = JsonString(lines.back(), "sequence_number");
    ASSERT_FALSE(last_sequence_->empty()) << lines.back();
  }

  static void TearDownTestSuite() {
    delete servers_;
    delete dir_;
  }

  // reportctl COMMAND against the query server, reading the ingest's
  // writes.
  static CommandRun Query(const std::string& command) {
    return Reportctl(command + " --target=" + servers_->query().address() +
                     " --min_sequence=" + *last_sequence_);
  }

  static testing::TestDbDir* dir_;
  static testing::ServerPair* servers_;
  static std::string* last_sequence_;
};

testing::TestDbDir* ReportctlQueryTest::dir_ = nullptr;
testing::ServerPair* ReportctlQueryTest::servers_ = nullptr;
std::string* ReportctlQueryTest::last_sequence_ = new std::string();

// Each query command as a table: its header, a row it must show (columns
// aligned by display width) and a district its filter leaves out.
TEST_F(ReportctlQueryTest, EveryQueryCommandPrintsItsTable) {
  const std::string licang = LicangCommitments();
  const struct {
    std::string command;
    std::string header;
    std::string row;
    std::string left_out;
  } kCases[] = {
      {"query --district=李沧 --year=2024", "district  year  kind",
       "李沧区    2024  target", "市南区"},
      {"reports --district=李沧区,市南区",
       " district  year  commitments  source", "李沧区    2024  " + licang,
       "金牛区"},
      {"districts --province=山东",
       "code    district  city    province  reports  commitments  years",
       "370213  李沧区    青岛市  山东省    1        " + licang, "金牛区"},
      {"metrics --domain=childcare",
       "id                metric      domain     units", "childcare_places",
       "employment"},
      {"compare --metric=新增城镇就业 --city=青岛",
       "district  year  kind    value    sentence",
       "李沧区    2024  target  22000人", "金牛区"},
      {"track --district=李沧 --metric=新增城镇就业",
       "year  pledged  achieved (next report)  ratio", "2024  22000人",
       "金牛区"},
      {"summary --district=李沧 --year=2024",
       "year  reports  commitments  quantified  top domains",
       "2024  1        " + licang, "金牛区"},
      {"search --text=托位 --district=市南区", "district  year  kind",
       "新增托位500个", "李沧区"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.command);
    CommandRun run = Query(c.command);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find(c.header), std::string::npos) << run.output;
    EXPECT_NE(run.output.find(c.row), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find(c.left_out), std::string::npos) << run.output;
  }
}

// With --format=jsonl each command prints one JSON object per record; a
// --limit holds across pages.
TEST_F(ReportctlQueryTest, EveryQueryCommandPrintsJsonLines) {
  const struct {
    std::string command;
    size_t lines;
    std::string field;  // in every line
  } kCases[] = {
      {"query --limit=3", 3, "\"report_id\""},
      {"query --domain=childcare --quantified --limit=1", 1,
       "\"domain\":\"DOMAIN_CHILDCARE\""},
      {"reports", 4, "\"source_file\""},
      {"districts", 4, "\"report_count\""},
      {"metrics --domain=childcare", 1, "\"metric_id\":\"childcare_places\""},
      {"compare --metric=新增城镇就业 --limit=1", 1, "\"sentence\""},
      {"track --district=李沧 --metric=新增城镇就业", 1, "\"targets\""},
      {"summary --district=李沧", 1, "\"by_domain\""},
      {"search --text=托位 --limit=1", 1, "\"match_offsets\""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.command);
    CommandRun run = Query(c.command + " --format=jsonl");
    EXPECT_EQ(run.exit_code, 0) << run.output;
    std::vector<std::string> lines = JsonLines(run.output);
    EXPECT_EQ(lines.size(), c.lines) << run.output;
    for (const std::string& line : lines) {
      EXPECT_NE(line.find(c.field), std::string::npos) << line;
    }
  }
}

// report ID: the record and why it got its identity; a failed call names
// the method and code.
TEST_F(ReportctlQueryTest, Report) {
  CommandRun run = Query("reports --district=李沧区 --format=jsonl");
  std::vector<std::string> lines = JsonLines(run.output);
  ASSERT_EQ(lines.size(), 1u) << run.output;
  const std::string id = JsonString(lines[0], "id");
  ASSERT_FALSE(id.empty()) << lines[0];

  run = Query("report " + id);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(absl::StartsWith(run.output, "id: " + id +
                                               "\nlevel: county\n"
                                               "district: 李沧区 (370213, "
                                               "青岛市, 山东省)\n"))
      << run.output;
  EXPECT_NE(run.output.find("\nwhy:\n"), std::string::npos) << run.output;

  run = Query("report --format=jsonl --full " + id);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  lines = JsonLines(run.output);
  ASSERT_EQ(lines.size(), 1u) << run.output;
  EXPECT_EQ(JsonString(lines[0], "id"), id);
  EXPECT_NE(lines[0].find("\"original_content\""), std::string::npos);

  for (const auto& [command, error] :
       std::vector<std::pair<std::string, std::string>>{
           {"report r0000000000000000",
            "reportctl: GetReport failed: NOT_FOUND: "},
           {"compare --metric=no-such-metric",
            "reportctl: CompareMetric failed: INVALID_ARGUMENT: metric"}}) {
    SCOPED_TRACE(command);
    run = Query(command);
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find(error), std::string::npos) << run.output;
  }
}

// delete removes a report from the ingest service's database.
TEST_F(ReportctlTest, Delete) {
  const std::string target = "--target=" + ingest_.address() + " ";
  Write(dir_.Sub("one/licang.txt"), ReadSample("licang.txt"));
  CommandRun run =
      Reportctl("ingest --format=jsonl " + target + dir_.Sub("one"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> lines = JsonLines(run.output);
  ASSERT_EQ(lines.size(), 1u) << run.output;
  const std::string id = JsonString(lines[0], "report_id");
  ASSERT_FALSE(id.empty()) << lines[0];

  run = Reportctl("delete " + target + id);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(absl::StartsWith(
      run.output,
      "deleted " + id + " with " + LicangCommitments() + " commitments seq="))
      << run.output;
  run = Reportctl("delete " + target + id);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("reportctl: DeleteReport failed: NOT_FOUND"),
            std::string::npos)
      << run.output;
}

// A bad flag value or argument is a usage error: exit code 2 and one line
// saying what is wrong, never a silent default. Each command parses before
// it calls, so no server is needed (nothing listens on port 1).
TEST(ReportctlUsageTest, BadFlagValuesAreUsageErrors) {
  const std::string file =
      std::string(GOVREPORT_TEST_DATA_DIR) + "/reports/licang.txt";
  const struct {
    std::string args;
    std::string message;
  } kCases[] = {
      {"query --year=abc", "--year must be Y or Y1-Y2"},
      {"query --limit=abc", "--limit=abc: "},  // absl's parser: exit 1 once
      {"query --quantified=maybe", "--quantified=maybe: "},
      {"query --yaer=2024", "unknown flag --yaer"},
      {"reports --year=2024-2020", "--year range '2024-2020' ends before"},
      {"summary --year=20x4", "--year must be Y or Y1-Y2"},
      {"ingest --year=abc " + file,
       "--year of ingest and extract must be one "
       "year Y (e.g. 2024), not 'abc'"},
      {"extract --year=2020-2024 " + file, "must be one year Y"},
      {"query --format=xml", "--format must be table or jsonl, not 'xml'"},
      {"extract --format=csv " + file, "--format must be table or jsonl"},
      {"reports --level=town", "unknown --level 'town'"},
      {"districts --level=county,city", "takes one --level"},
      {"compare --metric=x --level=city,province", "takes one --level"},
      {"query --domain=nope", "unknown --domain 'nope'"},
      {"metrics --domain=employment,education", "metrics takes one --domain"},
      {"search --text=x --kind=maybe", "--kind must be target or achievement"},
      {"query --limit=-1", "--limit must be 0 (no limit) or more"},
      {"health --timeout=0", "--timeout must be a positive number"},
      {"query --tls_cert=a.pem", "--tls_cert and --tls_key go together"},
      {"query --tls_cert=a.pem --tls_key=a.key", "need --tls_ca"},
      {"query --tls_ca=/no/such/ca.pem", "--tls_ca: "},
      {"delete x --token_file=/no/such/token", "--token_file: "},
      {"compare", "compare needs --metric"},
      {"track --metric=x", "track needs --district and --metric"},
      {"search", "search needs --text"},
      {"report", "report needs exactly one ID"},
      {"delete a b", "delete needs exactly one ID"},
      {"query extra", "query takes flags only"},
      {"ingest", "ingest needs at least one PATH"},
      {"extract", "extract needs at least one FILE"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.args);
    CommandRun run = Reportctl(c.args + " --target=127.0.0.1:1");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_TRUE(absl::StartsWith(run.output, "reportctl: ")) << run.output;
    EXPECT_NE(run.output.find(c.message), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace govreport
