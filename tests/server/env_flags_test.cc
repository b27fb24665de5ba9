#include "server/env_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, env_flags_test_number, 7, "a flag for this test");
ABSL_FLAG(std::string, env_flags_test_text, "x", "a flag for this test");

namespace govreport {
namespace {

TEST(EnvFlagsTest, NamesTheVariableAfterTheFlag) {
  EXPECT_EQ(FlagEnvironmentVariable("max_report_bytes"),
            "GOVREPORT_MAX_REPORT_BYTES");
}

TEST(EnvFlagsTest, SetsFlagsOfTheDefiningFileOnly) {
  setenv("GOVREPORT_ENV_FLAGS_TEST_NUMBER", "42", 1);
  setenv("GOVREPORT_ENV_FLAGS_TEST_TEXT", "李沧", 1);
  // For another file's flags these variables name no flag.
  EXPECT_EQ(ApplyEnvironmentToFlags({"other_file.cc"}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(absl::GetFlag(FLAGS_env_flags_test_number), 7);
  ASSERT_TRUE(ApplyEnvironmentToFlags({"server/env_flags_test.cc"}).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_env_flags_test_number), 42);
  EXPECT_EQ(absl::GetFlag(FLAGS_env_flags_test_text), "李沧");
}

TEST(EnvFlagsTest, RejectsValuesThatDoNotParse) {
  setenv("GOVREPORT_ENV_FLAGS_TEST_NUMBER", "many", 1);
  absl::Status status = ApplyEnvironmentToFlags({"server/env_flags_test.cc"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("GOVREPORT_ENV_FLAGS_TEST_NUMBER"),
            absl::string_view::npos);
  unsetenv("GOVREPORT_ENV_FLAGS_TEST_NUMBER");
}

TEST(EnvFlagsTest, AVariableNamingNoFlagIsAnErrorNamingTheClosest) {
  setenv("GOVREPORT_ENV_FLAGS_TEST_NUMBR", "3", 1);
  absl::Status status = ApplyEnvironmentToFlags({"server/env_flags_test.cc"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("GOVREPORT_ENV_FLAGS_TEST_NUMBR names no "
                                  "flag"),
            absl::string_view::npos)
      << status;
  EXPECT_NE(status.message().find("did you mean "
                                  "GOVREPORT_ENV_FLAGS_TEST_NUMBER "
                                  "(--env_flags_test_number)"),
            absl::string_view::npos)
      << status;
  unsetenv("GOVREPORT_ENV_FLAGS_TEST_NUMBR");
  // reportctl's variables are no typo.
  setenv("GOVREPORT_TOKEN", "t", 1);
  EXPECT_TRUE(ApplyEnvironmentToFlags({"server/env_flags_test.cc"}).ok());
  unsetenv("GOVREPORT_TOKEN");
}

}  // namespace
}  // namespace govreport
