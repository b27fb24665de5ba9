#include "common/gazetteer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/counties_data.h"
#include "common/string_view.h"
#include "common/utf8.h"

namespace govreport {
namespace {

using govreport::v1::District;

// Administrative suffixes, longest first so that "自治县" wins over "县".
constexpr std::string_view kSuffixes[] = {
    "自治县", "自治旗", "自治区", "自治州", "特区", "林区", "地区",
    "新区",   "区",     "县",     "市",     "旗",   "盟",   "省"};

// In the gazetteer the city column of municipalities' districts and of
// province-administered counties holds a placeholder, not a city.
bool IsCityPlaceholder(std::string_view city) {
  return city == "市辖区" || city == "县" ||
         absl::EndsWith(AsAbsl(city), "直辖县级行政区划");
}

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// A mention's weight in Detect: an official name is rarely a coincidence, a
// short name sometimes is ("和平").
constexpr int kFullNameWeight = 5;
constexpr int kShortNameWeight = 2;
// A text naming a city this many times as often as a district of it (by
// short name only) is the city's report, not the district's.
constexpr int kCityReportRatio = 3;

// District names (official or short) that are also ordinary words of report
// prose, or hide inside common phrases ("示范县" holds 范县, "新增城镇"
// holds 增城, "新建" is a verb, "乡村振兴", "资源", "惠民生", "突破千亿
// 大关", "成渝双城经济圈", "中山路", "人大和政协"): a mention says nothing
// about which district a report is about.
constexpr std::string_view kCommonWordNames[] = {
    "城区", "郊区", "矿区", "东区", "西区", "市中", "城中", "城东", "城西",
    "城北", "河东", "河西", "江北", "江南", "友好", "合作", "和平", "新华",
    "平安", "长安", "永安", "范县", "新城", "古城", "东城", "西城", "南山",
    "青山", "白云", "大安", "宝山", "红旗", "向阳", "前进", "铁东", "铁西",
    "朝阳", "双桥", "东风", "光明", "城关", "新建", "增城", "资源", "振兴",
    "新兴", "惠民", "富民", "安居", "乐业", "安定", "太平", "长寿", "东方",
    "兴业", "工农", "大通", "大关", "双城", "中山", "海港", "沿河", "河口",
    "和政", "民和",
    // Official names inside phrases: "建成县城", "和县城".
    "成县", "和县"};

bool IsCommonWord(std::string_view name) {
  return std::find(std::begin(kCommonWordNames), std::end(kCommonWordNames),
                   name) != std::end(kCommonWordNames);
}

// Literary names of cities that reports use for their own city ("智慧蓉城"):
// a mention counts as a mention of the city.
struct CityAlias {
  std::string_view alias;
  std::string_view city;
};
constexpr CityAlias kCityAliases[] = {
    {"蓉城", "成都市"}, {"岛城", "青岛市"}, {"泉城", "济南市"},
    {"春城", "昆明市"}, {"江城", "武汉市"}, {"冰城", "哈尔滨市"},
    {"星城", "长沙市"}, {"榕城", "福州市"}, {"羊城", "广州市"},
    {"鹏城", "深圳市"}, {"鹭岛", "厦门市"}, {"山城", "重庆市"},
    {"申城", "上海市"}, {"金陵", "南京市"}, {"古都西安", "西安市"},
    {"甬城", "宁波市"}, {"鹿城", "温州市"}, {"邕城", "南宁市"}};

// Whether a report's `text` holds `word`.
bool TextContains(std::string_view text, std::string_view word) {
  return FindUtf8(text, word) != std::string_view::npos;
}

// How many times `word` occurs in `text`.
int CountMentions(std::string_view text, std::string_view word) {
  int count = 0;
  for (size_t at = FindUtf8(text, word); at != std::string_view::npos;
       at = FindUtf8(text, word, at + word.size())) {
    ++count;
  }
  return count;
}

// Whether `text` mentions `city` by name ("成都") or by a literary name.
bool MentionsCity(std::string_view text, const std::string& city) {
  if (TextContains(text, ShortPlaceName(city))) return true;
  for (const CityAlias& a : kCityAliases) {
    if (a.city == city && TextContains(text, a.alias)) {
      return true;
    }
  }
  return false;
}

}  // namespace

namespace {

// The `length` (at most eight) bytes at `bytes` as a little-endian number:
// NameMatcher's key of a character or a pair of characters.
uint64_t BytesKey(const char* bytes, size_t length) {
  uint64_t key = 0;
  for (size_t i = length; i-- > 0;) {
    key = key << 8 | static_cast<unsigned char>(bytes[i]);
  }
  return key;
}

// Utf8SequenceLength of every byte: the scan reads two at a character.
const std::array<uint8_t, 256>& SequenceLengths() {
  static const std::array<uint8_t, 256> lengths = [] {
    std::array<uint8_t, 256> l{};
    for (int b = 0; b < 256; ++b) {
      l[b] = static_cast<uint8_t>(
          Utf8SequenceLength(static_cast<unsigned char>(b)));
    }
    return l;
  }();
  return lengths;
}

}  // namespace

NameMatcher::NameMatcher(const std::vector<std::string>& names)
    : firsts_and_seconds_(kFilterWords), pairs_(kFilterWords) {
  struct Keyed {
    uint64_t key;
    uint32_t index;
  };
  std::vector<Keyed> keyed;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    if (name.empty()) continue;
    const size_t first = Utf8SequenceLength(name[0]);
    if (first >= name.size()) continue;
    const size_t second = Utf8SequenceLength(name[first]);
    if (first + second > name.size()) continue;
    const uint64_t pair = BytesKey(name.data(), first + second);
    keyed.push_back({pair, static_cast<uint32_t>(i)});
    Add(pair, &pairs_);
    Add(BytesKey(name.data(), first), &firsts_and_seconds_);
    Add(BytesKey(name.data() + first, second), &firsts_and_seconds_);
  }
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    const size_t a_length = names[a.index].size();
    const size_t b_length = names[b.index].size();
    return std::tie(a.key, b_length, a.index) <
           std::tie(b.key, a_length, b.index);
  });
  size_t pairs = 0;
  for (size_t k = 0; k < keyed.size(); ++k) {
    if (k == 0 || keyed[k].key != keyed[k - 1].key) ++pairs;
  }
  // At most half the slots full, so that a probe of a pair no name starts
  // with ends after a slot or two.
  int bits = 1;
  while ((size_t{1} << bits) < 2 * pairs) ++bits;
  slots_.resize(size_t{1} << bits);
  slot_shift_ = 64 - bits;
  const size_t mask = slots_.size() - 1;
  for (size_t k = 0; k < keyed.size();) {
    const uint64_t key = keyed[k].key;
    size_t slot = SlotOf(key);
    while (slots_[slot].begin != slots_[slot].end) slot = (slot + 1) & mask;
    Slot& s = slots_[slot];
    s.key = key;
    s.begin = static_cast<uint32_t>(candidates_.size());
    for (; k < keyed.size() && keyed[k].key == key; ++k) {
      const std::string& name = names[keyed[k].index];
      candidates_.push_back({static_cast<uint32_t>(names_bytes_.size()),
                             static_cast<uint32_t>(name.size()),
                             keyed[k].index});
      names_bytes_ += name;
    }
    s.end = static_cast<uint32_t>(candidates_.size());
  }
}

const NameMatcher::Candidate* NameMatcher::LongestAt(std::string_view text,
                                                     size_t pos, uint64_t pair,
                                                     size_t pair_bytes) const {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = SlotOf(pair);; slot = (slot + 1) & mask) {
    const Slot& s = slots_[slot];
    if (s.begin == s.end) return nullptr;
    if (s.key != pair) continue;
    // The pair's bytes are the key's: only the rest is compared.
    for (uint32_t c = s.begin; c < s.end; ++c) {
      const Candidate& candidate = candidates_[c];
      if (candidate.length <= text.size() - pos &&
          std::memcmp(text.data() + pos + pair_bytes,
                      names_bytes_.data() + candidate.offset + pair_bytes,
                      candidate.length - pair_bytes) == 0) {
        return &candidate;
      }
    }
    return nullptr;
  }
}

void NameMatcher::ForEachMatch(
    std::string_view text,
    absl::FunctionRef<void(size_t, const Match&)> visit) const {
  const std::array<uint8_t, 256>& lengths = SequenceLengths();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const uint64_t* firsts_and_seconds = firsts_and_seconds_.data();
  const uint64_t* pairs = pairs_.data();
  // Visits the name at `pos`, whose first two characters are `pair`,
  // `pair_bytes` long, and returns its length; 0 for none.
  const auto visit_name_at = [&](size_t pos, uint64_t pair,
                                 size_t pair_bytes) -> size_t {
    if (!MayHold(pairs, pair)) return 0;
    const Candidate* found = LongestAt(text, pos, pair, pair_bytes);
    if (found == nullptr) return 0;
    visit(pos, Match{found->index, found->length});
    return found->length;
  };
  for (size_t pos = 0; pos < text.size();) {
    // Two three-byte characters (Chinese text) at a time from one load of
    // eight bytes, without the table. A character that is no name's first
    // and no name's second rules out names at both positions: most pairs
    // of a text are passed so.
    while (text.size() - pos >= 8) {
      const uint64_t eight = LittleEndian64(bytes + pos);
      if ((eight & 0xF00000F0u) != 0xE00000E0u) break;
      if (!MayHold(firsts_and_seconds, eight >> 24 & 0xFFFFFF)) {
        pos += 6;
        continue;
      }
      const size_t found = visit_name_at(pos, eight & 0xFFFFFFFFFFFF, 6);
      pos += found != 0 ? found : 3;
    }
    if (pos >= text.size()) break;
    // Any other character, and those of the last few bytes (from a copy
    // padded with zeros).
    uint64_t eight;
    if (text.size() - pos >= 8) {
      eight = LittleEndian64(bytes + pos);
    } else {
      unsigned char tail[8] = {};
      std::memcpy(tail, bytes + pos, text.size() - pos);
      eight = LittleEndian64(tail);
    }
    const size_t first = lengths[eight & 0xFF];
    const size_t second = lengths[(eight >> (8 * first)) & 0xFF];
    // No second character, or one cut off by the end: no name here or
    // further on.
    if (first + second > text.size() - pos) break;
    if (!MayHold(firsts_and_seconds,
                 (eight >> (8 * first)) & kLowBytes[second])) {
      pos += first + second;
      continue;
    }
    const size_t found =
        visit_name_at(pos, eight & kLowBytes[first + second], first + second);
    pos += found != 0 ? found : first;
  }
}

std::string ShortPlaceName(std::string_view name) {
  std::string_view stem = name;
  for (std::string_view suffix : kSuffixes) {
    if (stem.size() > suffix.size() &&
        absl::EndsWith(AsAbsl(stem), AsAbsl(suffix))) {
      stem.remove_suffix(suffix.size());
      break;
    }
  }
  // Autonomous divisions name their peoples after the place ("大厂回族自治县",
  // "新疆维吾尔自治区"): the place is the first two characters.
  if (stem.size() != name.size() &&
      (absl::StrContains(AsAbsl(stem), "族") ||
       absl::StrContains(AsAbsl(stem), "维吾尔"))) {
    stem = stem.substr(0, Utf8Advance(stem, 0, 2));
  }
  if (Utf8Length(stem) < 2) return std::string(name);
  return std::string(stem);
}

const Gazetteer& Gazetteer::Default() {
  static const Gazetteer* gazetteer = [] {
    absl::StatusOr<Gazetteer> parsed = FromCsv(CountiesCsv(), RenamesTsv());
    // The CSV is compiled in and checked by tests; a parse failure is a
    // build defect, not a runtime condition.
    if (!parsed.ok()) std::abort();
    return new Gazetteer(*std::move(parsed));
  }();
  return *gazetteer;
}

absl::StatusOr<Gazetteer> Gazetteer::FromCsv(std::string_view csv,
                                             std::string_view renames_tsv) {
  Gazetteer g;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(AsAbsl(csv), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_number == 1) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    if (fields.size() != 6 || fields[0].size() != 6 ||
        !IsDigits(std::string_view(fields[0].data(), fields[0].size()))) {
      return absl::InvalidArgumentError(
          absl::StrCat("counties CSV line ", line_number,
                       ": expected 6 fields starting with a 6-digit code"));
    }
    District d;
    d.set_code(std::string(fields[0]));
    d.set_name(std::string(fields[1]));
    std::string_view city(fields[3].data(), fields[3].size());
    d.set_city(IsCityPlaceholder(city)
                   ? (absl::EndsWith(fields[5], "市") ? std::string(fields[5])
                                                      : std::string())
                   : std::string(city));
    d.set_province(std::string(fields[5]));
    // The city's and province's own division codes (GB/T 2260 pads them
    // with zeros: 青岛市 370200, 山东省 370000), for their own reports.
    District province;
    province.set_code(absl::StrCat(fields[4], "0000"));
    province.set_province(d.province());
    g.units_by_code_.emplace(province.code(), province);
    g.provinces_.emplace(d.province(), std::move(province));
    if (!d.city().empty() && d.city() != d.province()) {
      District city;
      city.set_code(absl::StrCat(fields[2], "00"));
      city.set_city(d.city());
      city.set_province(d.province());
      g.units_by_code_.emplace(city.code(), city);
      g.cities_.emplace(d.city(), std::move(city));
    }
    g.districts_.push_back(std::move(d));
  }
  std::sort(
      g.districts_.begin(), g.districts_.end(),
      [](const District& a, const District& b) { return a.code() < b.code(); });
  for (size_t i = 0; i < g.districts_.size(); ++i) {
    const District& d = g.districts_[i];
    g.by_code_[d.code()] = i;
    std::string short_name = ShortPlaceName(d.name());
    for (const std::string& key : {d.name(), short_name}) {
      NameEntry& entry = g.by_name_[key];
      if (entry.districts.empty() || entry.districts.back() != i) {
        entry.districts.push_back(i);
      }
      entry.common_word = IsCommonWord(key);
    }
    g.by_name_[d.name()].full_name = true;
  }
  line_number = 0;
  for (absl::string_view line : absl::StrSplit(AsAbsl(renames_tsv), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#' ||
        absl::StartsWith(line, "former_name")) {
      continue;
    }
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    auto successor =
        fields.size() == 3 ? g.by_code_.find(fields[1]) : g.by_code_.end();
    if (successor == g.by_code_.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "renames line ", line_number,
          ": expected former_name, a successor code of the gazetteer, year"));
    }
    const std::string former(fields[0]);
    g.former_names_[former] = successor->second;
    g.former_names_of_[successor->second].push_back(former);
    NameEntry& entry = g.by_name_[former];
    entry.districts = {successor->second};
    entry.full_name = true;
  }
  // Sorted, so that the matcher's indexes do not depend on the hash order.
  std::vector<std::string> mention_names;
  for (const auto& [name, entry] : g.by_name_) {
    if (!entry.common_word) mention_names.push_back(name);
  }
  std::sort(mention_names.begin(), mention_names.end());
  for (const std::string& name : mention_names) {
    g.mention_entries_.push_back(g.by_name_.at(name));
  }
  g.mention_matcher_ = NameMatcher(mention_names);
  return g;
}

std::optional<Gazetteer::NamedUnit> Gazetteer::FindUnit(
    std::string_view name, std::string_view context) const {
  // Endings from the longest: "保定市满城区", "定市满城区", ... "满城区".
  for (size_t begin = 0; begin < name.size();
       begin += Utf8SequenceLength(name[begin])) {
    const std::string_view ending = name.substr(begin);
    if (Utf8Length(ending) < 2) break;
    const std::string_view prefix = name.substr(0, begin);
    auto entry = by_name_.find(AsAbsl(ending));
    if (entry != by_name_.end() && entry->second.full_name) {
      // Namesakes (南山区 of 深圳 and of 鹤岗): the one whose city or
      // province the prefix names, else the context names most.
      std::optional<size_t> chosen;
      int best_mentions = 0;
      bool tie = false;
      for (size_t i : entry->second.districts) {
        const District& d = districts_[i];
        if (entry->second.districts.size() == 1 ||
            (!prefix.empty() &&
             (absl::StrContains(AsAbsl(prefix), ShortPlaceName(d.city())) ||
              absl::StrContains(AsAbsl(prefix),
                                ShortPlaceName(d.province()))))) {
          chosen = i;
          tie = false;
          break;
        }
        const int mentions =
            (d.city().empty()
                 ? 0
                 : CountMentions(context, ShortPlaceName(d.city()))) +
            CountMentions(context, ShortPlaceName(d.province()));
        if (mentions > best_mentions) {
          chosen = i;
          best_mentions = mentions;
          tie = false;
        } else if (mentions == best_mentions && mentions > 0) {
          tie = true;
        }
      }
      if (chosen.has_value() && !tie) {
        NamedUnit unit;
        unit.district = districts_[*chosen];
        unit.former_name = former_names_.contains(AsAbsl(ending));
        return unit;
      }
    }
    if (auto province = provinces_.find(AsAbsl(ending));
        province != provinces_.end()) {
      NamedUnit unit;
      unit.level = v1::REPORT_LEVEL_PROVINCE;
      unit.district = province->second;
      return unit;
    }
    if (auto city = cities_.find(AsAbsl(ending)); city != cities_.end()) {
      NamedUnit unit;
      unit.level = v1::REPORT_LEVEL_CITY;
      unit.district = city->second;
      return unit;
    }
  }
  return std::nullopt;
}

namespace {

// The unit of `units` whose short name `text` uses most (ties: the first
// by name), or nullopt when it names none.
std::optional<District> MostMentioned(
    std::string_view text,
    const absl::flat_hash_map<std::string, District>& units) {
  const std::string* best = nullptr;
  int best_count = 0;
  for (const auto& [name, unit] : units) {
    const int count = CountMentions(text, ShortPlaceName(name));
    if (count > best_count ||
        (count == best_count && count > 0 && name < *best)) {
      best = &name;
      best_count = count;
    }
  }
  if (best == nullptr) return std::nullopt;
  return units.at(*best);
}

}  // namespace

std::optional<District> Gazetteer::MostMentionedCity(
    std::string_view text) const {
  return MostMentioned(text, cities_);
}

std::optional<District> Gazetteer::MostMentionedProvince(
    std::string_view text) const {
  return MostMentioned(text, provinces_);
}

std::optional<District> Gazetteer::FindCity(std::string_view city) const {
  auto it = cities_.find(AsAbsl(city));
  if (it == cities_.end()) return std::nullopt;
  return it->second;
}

v1::ReportLevel Gazetteer::LevelOfCode(std::string_view code) {
  if (code.size() != 6 || code == "000000" || code.substr(4) != "00") {
    return v1::REPORT_LEVEL_COUNTY;
  }
  return code.substr(2) == "0000" ? v1::REPORT_LEVEL_PROVINCE
                                  : v1::REPORT_LEVEL_CITY;
}

std::optional<District> Gazetteer::FindAnyByCode(std::string_view code) const {
  if (const District* d = FindByCode(code)) return *d;
  auto it = units_by_code_.find(AsAbsl(code));
  if (it == units_by_code_.end()) return std::nullopt;
  return it->second;
}

std::vector<District> Gazetteer::HigherUnits() const {
  std::vector<District> units;
  units.reserve(units_by_code_.size());
  for (const auto& [code, unit] : units_by_code_) units.push_back(unit);
  return units;
}

std::vector<std::string> Gazetteer::HigherUnitCodes(
    std::string_view city, std::string_view province) const {
  std::vector<std::string> codes;
  for (const auto& [name, unit] : cities_) {
    if (city.empty()
            ? (!province.empty() && MatchesProvince(unit, province))
            : (MatchesCity(unit, city) &&
               (province.empty() || MatchesProvince(unit, province)))) {
      codes.push_back(unit.code());
    }
  }
  if (city.empty() && !province.empty()) {
    for (const auto& [name, unit] : provinces_) {
      if (MatchesProvince(unit, province)) codes.push_back(unit.code());
    }
  }
  std::sort(codes.begin(), codes.end());
  return codes;
}

bool Gazetteer::NameEndsWith(size_t index, std::string_view suffix) const {
  if (absl::EndsWith(districts_[index].name(), AsAbsl(suffix))) return true;
  // 清苑县's reports are 清苑区's now.
  auto formers = former_names_of_.find(index);
  return formers != former_names_of_.end() &&
         std::any_of(formers->second.begin(), formers->second.end(),
                     [&](const std::string& former) {
                       return absl::EndsWith(former, AsAbsl(suffix));
                     });
}

const District* Gazetteer::FindByCode(std::string_view code) const {
  auto it = by_code_.find(AsAbsl(code));
  return it == by_code_.end() ? nullptr : &districts_[it->second];
}

std::vector<const District*> Gazetteer::FindByName(
    std::string_view name) const {
  std::vector<const District*> out;
  auto it = by_name_.find(AsAbsl(name));
  if (it == by_name_.end()) return out;
  for (size_t i : it->second.districts) out.push_back(&districts_[i]);
  return out;
}

absl::StatusOr<District> Gazetteer::Resolve(
    std::string_view code_or_name) const {
  if (code_or_name.empty()) {
    return absl::InvalidArgumentError("district is empty");
  }
  if (IsDigits(code_or_name)) {
    const District* d = FindByCode(code_or_name);
    if (d == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown district code \"", AsAbsl(code_or_name),
          "\": expected a 6-digit county-level division code such as "
          "370213"));
    }
    return *d;
  }
  std::vector<const District*> found = FindByName(code_or_name);
  if (found.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown district \"", AsAbsl(code_or_name),
        "\": give an official name such as 李沧区, a short name such as 李沧, "
        "or a 6-digit code"));
  }
  if (found.size() > 1) {
    std::vector<std::string> choices;
    for (const District* d : found) {
      choices.push_back(
          absl::StrCat(d->code(), " ", d->province(), d->city(), d->name()));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("district \"", AsAbsl(code_or_name), "\" is ambiguous; ",
                     "use one of the codes: ", absl::StrJoin(choices, ", ")));
  }
  return *found.front();
}

std::optional<District> Gazetteer::Detect(
    std::string_view text, std::string_view required_suffix) const {
  constexpr size_t kMaxDetectBytes = 256 << 10;
  if (text.size() > kMaxDetectBytes) {
    text = text.substr(0, PreviousUtf8Start(text, kMaxDetectBytes + 1));
  }
  // The longest name at a position counts, so that "渝中区" is not also a
  // mention of "渝中", and a name inside it is none ("密云县" holds 云县).
  // Per district: its mentions' weight, and whether one was its official
  // name.
  struct Mentions {
    int score = 0;
    bool official = false;
  };
  absl::flat_hash_map<size_t, Mentions> scores;
  mention_matcher_.ForEachMatch(
      text, [&](size_t, const NameMatcher::Match& match) {
        const NameEntry& entry = mention_entries_[match.index];
        for (size_t i : entry.districts) {
          if (!required_suffix.empty() && !NameEndsWith(i, required_suffix)) {
            continue;
          }
          Mentions& m = scores[i];
          m.score += entry.full_name ? kFullNameWeight : kShortNameWeight;
          m.official = m.official || entry.full_name;
        }
      });
  if (scores.empty()) return std::nullopt;
  // (score, city or province mentioned, index): the mention of a city
  // ranks only districts whose names scored the same, so only the best
  // scored need their places looked up (each a search of the whole text).
  int best_score = 0;
  for (const auto& [index, mentions] : scores) {
    best_score = std::max(best_score, mentions.score);
  }
  std::vector<std::tuple<int, int, size_t>> ranked;
  for (const auto& [index, mentions] : scores) {
    const int score = mentions.score;
    const District& d = districts_[index];
    int place_mentions = 0;
    if (score == best_score) {
      if (!d.city().empty() && MentionsCity(text, d.city())) {
        ++place_mentions;
      }
      if (TextContains(text, ShortPlaceName(d.province()))) {
        ++place_mentions;
      }
    }
    ranked.emplace_back(score, place_mentions, index);
  }
  std::sort(ranked.begin(), ranked.end(), std::greater<>());
  if (ranked.size() > 1 && std::get<0>(ranked[0]) == std::get<0>(ranked[1]) &&
      std::get<1>(ranked[0]) == std::get<1>(ranked[1])) {
    return std::nullopt;
  }
  // One mention of a short name, with neither the official name nor the
  // district's city or province anywhere, is more often a word or another
  // place's street than the report's district (a city's report naming one
  // of its counties' parks): too weak to decide on.
  const auto& [score, place_mentions, index] = ranked[0];
  if (!scores[index].official && place_mentions == 0 &&
      score < 2 * kShortNameWeight) {
    return std::nullopt;
  }
  // A text that names a city several times as often as one of its
  // districts, and that district never by its official name, is the city's
  // own report ("玉林" five times, its county 北流 once).
  const District& d = districts_[index];
  if (!scores[index].official && !d.city().empty()) {
    const int district_mentions = score / kShortNameWeight;
    const int city_mentions = CountMentions(text, ShortPlaceName(d.city()));
    if (city_mentions >= kCityReportRatio * district_mentions) {
      return std::nullopt;
    }
  }
  return d;
}

bool Gazetteer::MatchesCity(const District& district, std::string_view query) {
  return !query.empty() && !district.city().empty() &&
         (district.city() == query || ShortPlaceName(district.city()) == query);
}

bool Gazetteer::MatchesProvince(const District& district,
                                std::string_view query) {
  return !query.empty() && (district.province() == query ||
                            ShortPlaceName(district.province()) == query);
}

}  // namespace govreport
