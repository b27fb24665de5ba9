#ifndef GOVREPORT_COMMON_GAZETTEER_H_
#define GOVREPORT_COMMON_GAZETTEER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// The county-level divisions of China (data/counties.csv, compiled in): look
// up by code or name, and detect which district a report's text is about.
//
// Immutable after construction, so thread-safe.
class Gazetteer final {
 public:
  // The compiled-in gazetteer, built on first use.
  static const Gazetteer& Default();

  // Parses CSV text with the header "code,name,city_code,city,province_code,
  // province". Lines that do not have six fields or a 6-digit code are
  // InvalidArgument, naming the line.
  static absl::StatusOr<Gazetteer> FromCsv(std::string_view csv);

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
  // no district is mentioned or the best candidates tie. Reads at most the
  // first 256 KiB, several times a real report.
  std::optional<govreport::v1::District> Detect(std::string_view text) const;

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

 private:
  Gazetteer() = default;

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
  // Official and short names to their entries.
  absl::flat_hash_map<std::string, NameEntry> by_name_;
  // The first two characters of every name (as NameStartKey packs them),
  // with the most characters of a name starting so: Detect looks no further
  // at a position whose two characters start no name, and at no longer
  // candidates than these.
  absl::flat_hash_map<uint64_t, size_t> name_starts_;
  // One bit per hashed key of name_starts_, so that most positions of a
  // text are ruled out without a lookup.
  std::vector<uint64_t> name_start_filter_;
};

// The name without its administrative suffix: "李沧区" -> "李沧", "青岛市" ->
// "青岛", "山东省" -> "山东", "大厂回族自治县" -> "大厂". Returns the name
// itself when stripping would leave fewer than two characters ("城区").
std::string ShortPlaceName(std::string_view name);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_GAZETTEER_H_
