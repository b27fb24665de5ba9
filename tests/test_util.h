#ifndef GOVREPORT_TESTS_TEST_UTIL_H_
#define GOVREPORT_TESTS_TEST_UTIL_H_

// Helpers shared by the unit and integration tests: reading the bundled
// sample reports (tests/data/reports; GOVREPORT_TEST_DATA_DIR is set by the
// tests' CMakeLists.txt).

#include <fstream>
#include <sstream>
#include <string>

namespace govreport::testing {

// The bytes of a bundled sample report, tests/data/reports/<name>; empty
// when it cannot be read (the test then fails on its content).
inline std::string ReadSample(const std::string& name) {
  std::ifstream in(std::string(GOVREPORT_TEST_DATA_DIR) + "/reports/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_TEST_UTIL_H_
