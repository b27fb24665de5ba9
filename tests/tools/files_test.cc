#include "tools/files.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/store/test_db_dir.h"

namespace govreport::tools {
namespace {

using ::testing::ElementsAre;

void Touch(const std::string& path) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream(path) << "x";
}

class ExpandReportPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {"b.txt", "a.HTML", "sub/c.htm", "sub/d.text", "notes.md", "tool.py",
          "data.jsonl", "README", ".hidden/e.txt", ".f.txt"}) {
      Touch(dir_.Sub("tree/" + std::string(name)));
    }
  }

  std::string Path(const std::string& name) const {
    return dir_.Sub("tree/" + name);
  }

  testing::TestDbDir dir_;
};

TEST_F(ExpandReportPathsTest, FoldersGiveReportFilesAndListTheRest) {
  absl::StatusOr<ReportPaths> paths =
      ExpandReportPaths({Path("")}, DefaultReportExtensions());
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(paths->files, ElementsAre(Path("a.HTML"), Path("b.txt"),
                                        Path("sub/c.htm"), Path("sub/d.text")));
  EXPECT_THAT(paths->skipped, ElementsAre(Path("README"), Path("data.jsonl"),
                                          Path("notes.md"), Path("tool.py")));
}

TEST_F(ExpandReportPathsTest, IncludeWidensAndNamedFilesAlwaysCount) {
  std::vector<std::string> extensions = DefaultReportExtensions();
  extensions.push_back("MD");
  absl::StatusOr<ReportPaths> paths =
      ExpandReportPaths({Path("tool.py"), Path("")}, extensions);
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(paths->files, ElementsAre(Path("tool.py"), Path("a.HTML"),
                                        Path("b.txt"), Path("notes.md"),
                                        Path("sub/c.htm"), Path("sub/d.text")));
  EXPECT_THAT(paths->skipped,
              ElementsAre(Path("README"), Path("data.jsonl"), Path("tool.py")));
  paths = ExpandReportPaths({Path("")}, {"*"});
  ASSERT_TRUE(paths.ok());
  EXPECT_EQ(paths->files.size(), 8u);
  EXPECT_TRUE(paths->skipped.empty());
}

TEST_F(ExpandReportPathsTest, MissingPathIsNotFound) {
  EXPECT_EQ(ExpandReportPaths({Path("nope")}, DefaultReportExtensions())
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace govreport::tools
