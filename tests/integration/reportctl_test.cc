// reportctl against the real servers: what it sends and how it says so.

#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/integration/server_process.h"
#include "tests/store/test_db_dir.h"
#include "tests/test_util.h"

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

}  // namespace
}  // namespace govreport
