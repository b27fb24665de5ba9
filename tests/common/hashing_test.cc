#include "common/hashing.h"

#include <string>

#include "gtest/gtest.h"

namespace govreport {
namespace {

// FIPS 180-2's examples.
TEST(HashingTest, Sha256IsTheStandardOne) {
  struct Case {
    std::string data;
    std::string hex;
  };
  const Case kCases[] = {
      {"abc",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.data);
    EXPECT_EQ(Sha256Hex(k.data), k.hex);
  }
}

}  // namespace
}  // namespace govreport
