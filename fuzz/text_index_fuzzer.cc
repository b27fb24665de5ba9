// Any bytes read as a text-index value are refused or parsed without a
// crash; reports built into a write group (one per input line, the line as
// both id and text) read back as the same members, and every posting names
// members that hold its bigram.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/keys.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace keys = govreport::keys;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<uint32_t> indexes;
  std::vector<keys::BigramGroupMember> members;
  (void)keys::ParsePosting(input, &indexes);
  (void)keys::ParseBigramGroupMembers(input, &members);
  (void)keys::GroupOfBigramKey(input);

  keys::BigramGroupBuilder builder(size + 1);
  std::vector<std::string> expected_ids;
  std::vector<std::set<std::string>> expected_bigrams;
  size_t start = 0;
  for (int year = 0; start <= input.size(); year += 7) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    std::vector<std::string> bigrams = keys::TextBigrams(line);
    builder.Add(line, "370213", year, bigrams);
    if (!bigrams.empty()) {
      expected_ids.emplace_back(line);
      expected_bigrams.emplace_back(bigrams.begin(), bigrams.end());
    }
    start = end + 1;
  }
  std::vector<std::pair<std::string, std::string>> entries =
      std::move(builder).Finish();
  if (expected_ids.empty()) {
    if (!entries.empty()) std::abort();
    return 0;
  }
  if (entries.empty() || entries[0].first != keys::BigramGroupKey(size + 1) ||
      !keys::ParseBigramGroupMembers(entries[0].second, &members) ||
      members.size() != expected_ids.size()) {
    std::abort();
  }
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].report_id != expected_ids[i]) std::abort();
  }
  for (size_t e = 1; e < entries.size(); ++e) {
    const auto& [key, value] = entries[e];
    if (keys::GroupOfBigramKey(key) != size + 1 ||
        !keys::ParsePosting(value, &indexes) || indexes.empty()) {
      std::abort();
    }
    const std::string bigram = key.substr(1, key.size() - 1 - 8);
    for (uint32_t index : indexes) {
      if (index >= members.size()) std::abort();
      if (expected_bigrams[index].count(bigram) == 0) std::abort();
    }
  }
  return 0;
}
