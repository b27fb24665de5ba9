#ifndef GOVREPORT_COMMON_GAZETTEER_H_
#define GOVREPORT_COMMON_GAZETTEER_H_

// China's county-level divisions with their cities and provinces: the
// pipeline detects which district a report is about with it
// (common/report_identity.h), and the query service and reportctl resolve
// the districts a request names.
//
// Example:
//   const Gazetteer& gazetteer = Gazetteer::Default();
//   absl::StatusOr<v1::District> district = gazetteer.Resolve("李沧区");
//   std::optional<v1::District> about = gazetteer.Detect(report_text);

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// Finds the names of a fixed set that a UTF-8 text holds, reading it from
// the start: at each character the longest name starting there ("渝中区",
// not also "渝中"), then on after that name ("密云县" holds no 云县). The
// cost is linear in the text and does not grow with the number of names:
// a bit filter of the names' first and second characters rules out two
// positions at once wherever the second character of the two is neither
// (most of Chinese text), a bit filter of the names' first pairs of
// characters rules out most other positions, and a hash table of those
// pairs leads to the few names to compare.
//
// Immutable after construction, so thread-safe.
class NameMatcher final {
 public:
  // A matcher of no names.
  NameMatcher() : NameMatcher(std::vector<std::string>{}) {}
  // Matches `names`; a name of fewer than two characters is never matched.
  explicit NameMatcher(const std::vector<std::string>& names);

  // A name found: its index in the constructor's `names`, and its length
  // in bytes.
  struct Match {
    size_t index = 0;
    size_t length = 0;
  };

  // Calls `visit(pos, match)` for each name found in `text` as the class
  // comment says, in order; `pos` is the name's first byte.
  void ForEachMatch(std::string_view text,
                    absl::FunctionRef<void(size_t, const Match&)> visit) const;

 private:
  // A name, in names_bytes_, and its index.
  struct Candidate {
    uint32_t offset;
    uint32_t length;
    uint32_t index;
  };
  // The names starting with one pair of characters: candidates_[begin,
  // end); begin == end marks an empty slot.
  struct Slot {
    uint64_t key = 0;
    uint32_t begin = 0;
    uint32_t end = 0;
  };

  // Characters and pairs of them are keyed by their bytes (as many as
  // Utf8SequenceLength of each lead byte says) read as a little-endian
  // number: the scan takes them from one load of eight bytes, without
  // decoding. The lead bytes fix the lengths, so keys of different byte
  // strings differ.
  static uint64_t Hash(uint64_t key) { return key * 0x9E3779B97F4A7C15ull; }
  size_t SlotOf(uint64_t key) const {
    return static_cast<size_t>(Hash(key) >> slot_shift_);
  }

  // Bit filters of keys by the top bits of their hash: clear means none.
  static constexpr int kFilterBitsLog2 = 16;
  static constexpr size_t kFilterWords = (size_t{1} << kFilterBitsLog2) / 64;
  static void Add(uint64_t key, std::vector<uint64_t>* filter) {
    const uint64_t bit = Hash(key) >> (64 - kFilterBitsLog2);
    (*filter)[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  static bool MayHold(const uint64_t* filter, uint64_t key) {
    const uint64_t bit = Hash(key) >> (64 - kFilterBitsLog2);
    return (filter[bit / 64] >> (bit % 64) & 1) != 0;
  }

  // The longest name at byte `pos` of `text` whose first two characters,
  // `pair_bytes` long, have key `pair`; nullptr for none.
  const Candidate* LongestAt(std::string_view text, size_t pos, uint64_t pair,
                             size_t pair_bytes) const;

  // The first and the second characters of the names.
  std::vector<uint64_t> firsts_and_seconds_;
  // The names' first pairs of characters.
  std::vector<uint64_t> pairs_;
  // Open addressing with linear probing, at most half full; a power of
  // two long.
  std::vector<Slot> slots_;
  int slot_shift_ = 64;
  // By slot, longest first, so that the first that matches is the longest.
  std::vector<Candidate> candidates_;
  std::string names_bytes_;
};

// The county-level divisions of China (data/counties.csv, compiled in): look
// up by code or name, and detect which district a report's text is about.
//
// Immutable after construction, so thread-safe.
class Gazetteer final {
 public:
  // The compiled-in gazetteer, built on first use.
  static const Gazetteer& Default();

  // Parses CSV text with the header "code,name,city_code,city,province_code,
  // province", and optionally a renames table (data/renames.tsv's format:
  // '#' comments, a header, then "former_name\tsuccessor_code\tyear").
  // Lines that do not have six fields or a 6-digit code, and renames naming
  // no known successor, are InvalidArgument, naming the line.
  static absl::StatusOr<Gazetteer> FromCsv(std::string_view csv,
                                           std::string_view renames_tsv = "");

  // What a name a report gives itself ("涞源县", "保定市满城区", "徐水县",
  // "包头市", "凉山彝族自治州", "云南省") stands for.
  struct NamedUnit {
    // County, city or province.
    govreport::v1::ReportLevel level = govreport::v1::REPORT_LEVEL_COUNTY;
    // A county: the whole division (today's successor of a former name). A
    // city: its code ("370200"), city and province. A province: its code
    // ("370000") and province.
    govreport::v1::District district;
    // The name was a former division's ("徐水县" for today's 徐水区).
    bool former_name = false;
  };

  // The unit `name` stands for: the longest ending of `name` that is an
  // official county-level name (a former one included), a province's or a
  // prefecture-level city's, so that a prefix ("保定市满城区") only narrows
  // it. A county name shared by several divisions (南山区 of 深圳 and of 鹤
  // 岗) is the one whose city or province the prefix names, else the one
  // whose city and province `context` (the report's text) names most, and
  // no match on a tie. nullopt when nothing matches.
  std::optional<NamedUnit> FindUnit(std::string_view name,
                                    std::string_view context = "") const;

  // The prefecture-level city (its code, name and province) whose name
  // `text` uses most, or nullopt when it names none; for units the
  // gazetteer does not list (大鹏新区) and reports that name only their
  // level ("我代表市人民政府"). Scans the text once per city: for rare paths
  // only.
  std::optional<govreport::v1::District> MostMentionedCity(
      std::string_view text) const;
  // Likewise the province (its code and name).
  std::optional<govreport::v1::District> MostMentionedProvince(
      std::string_view text) const;

  // A prefecture-level city by full name ("青岛市"): its code ("370200"),
  // name and province; nullopt when there is none.
  std::optional<govreport::v1::District> FindCity(std::string_view city) const;

  // The level a 6-digit division code is of: a province's ends in "0000"
  // (370000), a city's in "00" (370200), a county's otherwise; "000000"
  // (unknown) and malformed codes count as county.
  static govreport::v1::ReportLevel LevelOfCode(std::string_view code);

  // The county, city or province with this code, or nullopt.
  std::optional<govreport::v1::District> FindAnyByCode(
      std::string_view code) const;

  // The codes of the units above the counties a city or province filter
  // names: the city itself; for a province alone, the province and its
  // cities. Sorted; empty when neither is given.
  std::vector<std::string> HigherUnitCodes(std::string_view city,
                                           std::string_view province) const;

  // The district with this 6-digit code, or nullptr.
  const govreport::v1::District* FindByCode(std::string_view code) const;

  // Every district whose official name ("李沧区") or short name ("李沧") is
  // `name`; names are not unique (there are several 城关区).
  std::vector<const govreport::v1::District*> FindByName(
      std::string_view name) const;

  // Resolves a code, official name or short name to one district.
  // InvalidArgument when it names none, or several (the message lists them
  // with their codes, so the caller can pick one).
  absl::StatusOr<govreport::v1::District> Resolve(
      std::string_view code_or_name) const;

  // Guesses the district a report is about from the names it mentions: full
  // names weigh more than short names ("数字李沧"), and a mention of a
  // district's city (or its literary name: 蓉城 is 成都) or province settles
  // ties between namesakes. nullopt when
  // no district is mentioned or the best candidates tie. With
  // `required_suffix` ("县", "区", "市", "旗"), only divisions whose official
  // name ends so are candidates (the report called itself "县人民政府").
  // Reads at most the first 256 KiB, several times a real report.
  std::optional<govreport::v1::District> Detect(
      std::string_view text, std::string_view required_suffix = "") const;

  // True when `query` names the district's city or province: the full name
  // ("青岛市") or the name without its suffix ("青岛").
  static bool MatchesCity(const govreport::v1::District& district,
                          std::string_view query);
  static bool MatchesProvince(const govreport::v1::District& district,
                              std::string_view query);

  // Every district, ordered by code.
  const std::vector<govreport::v1::District>& districts() const {
    return districts_;
  }

  // Every city and province, in no particular order. Two cities are also
  // county-level divisions (东莞市, 中山市): FindAnyByCode gives those as
  // counties.
  std::vector<govreport::v1::District> HigherUnits() const;

 private:
  Gazetteer() = default;

  // Whether the district's official name, or one of its former names, ends
  // with `suffix`.
  bool NameEndsWith(size_t index, std::string_view suffix) const;

  std::vector<govreport::v1::District> districts_;
  absl::flat_hash_map<std::string, size_t> by_code_;
  // A name key's districts and what Detect needs to know of it, found by
  // the one lookup it makes per candidate.
  struct NameEntry {
    // Indexes into districts_.
    std::vector<size_t> districts;
    // An official name (weighs more in Detect), not only a short one.
    bool full_name = false;
    // Also an ordinary word of report prose: no mention for Detect.
    bool common_word = false;
  };
  // Official and short names to their entries; former official names
  // (data/renames.tsv) to their successors'.
  absl::flat_hash_map<std::string, NameEntry> by_name_;
  // Former official names, to the index of their successor.
  absl::flat_hash_map<std::string, size_t> former_names_;
  // The former names of a district (by index) that has any.
  absl::flat_hash_map<size_t, std::vector<std::string>> former_names_of_;
  // Prefecture-level cities by full name (the city column): code, city and
  // province set.
  absl::flat_hash_map<std::string, govreport::v1::District> cities_;
  // Provinces by full name: code and province set.
  absl::flat_hash_map<std::string, govreport::v1::District> provinces_;
  // Cities and provinces by their own code.
  absl::flat_hash_map<std::string, govreport::v1::District> units_by_code_;
  // The names a mention in Detect may be (by_name_'s keys but common
  // words), and their entries by the matcher's index.
  NameMatcher mention_matcher_;
  std::vector<NameEntry> mention_entries_;
};

// The name without its administrative suffix: "李沧区" -> "李沧", "青岛市" ->
// "青岛", "山东省" -> "山东", "大厂回族自治县" -> "大厂". Returns the name
// itself when stripping would leave fewer than two characters ("城区").
std::string ShortPlaceName(std::string_view name);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_GAZETTEER_H_
