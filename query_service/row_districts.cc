#include "query_service/row_districts.h"

#include "common/string_view.h"
#include "govreport/v1/query.pb.h"

namespace govreport {
namespace {

// Every unit's field, encoded through a row holding the district alone, so
// that the tag and length are protobuf's own.
absl::flat_hash_map<std::string, std::string> EncodeFields(
    const Gazetteer& gazetteer) {
  absl::flat_hash_map<std::string, std::string> fields;
  auto add = [&fields](const v1::District& district) {
    v1::MetricValueRow row;
    *row.mutable_district() = district;
    fields.try_emplace(district.code(), row.SerializeAsString());
  };
  for (const v1::District& county : gazetteer.districts()) add(county);
  for (const v1::District& unit : gazetteer.HigherUnits()) add(unit);
  return fields;
}

}  // namespace

RowDistricts::RowDistricts(const Gazetteer& gazetteer)
    : fields_(EncodeFields(gazetteer)) {}

std::string_view RowDistricts::FieldOf(std::string_view code) const {
  auto it = fields_.find(AsAbsl(code));
  if (it == fields_.end()) return {};
  return it->second;
}

}  // namespace govreport
