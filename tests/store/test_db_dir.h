#ifndef GOVREPORT_TESTS_STORE_TEST_DB_DIR_H_
#define GOVREPORT_TESTS_STORE_TEST_DB_DIR_H_

// A temporary folder per test for databases and server files, so that tests
// never share state on disk.
//
// Example:
//   TestDbDir dir;
//   options.path = dir.Sub("db");

#include <unistd.h>

#include <filesystem>
#include <string>

#include "gtest/gtest.h"

namespace govreport::testing {

// A fresh temporary folder for one test's databases, removed afterwards.
class TestDbDir final {
 public:
  TestDbDir() {
    // Outside a test (in SetUpTestSuite) the suite names the folder.
    const ::testing::TestInfo* test =
        ::testing::UnitTest::GetInstance()->current_test_info();
    const ::testing::TestSuite* suite =
        ::testing::UnitTest::GetInstance()->current_test_suite();
    std::string name = test != nullptr    ? test->name()
                       : suite != nullptr ? suite->name()
                                          : "suite";
    path_ = std::filesystem::temp_directory_path() /
            ("govreport_" + name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TestDbDir() { std::filesystem::remove_all(path_); }

  std::string Sub(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_STORE_TEST_DB_DIR_H_
