#include "query_service/row_districts.h"

#include <optional>
#include <utility>

#include "common/string_view.h"
#include "govreport/v1/query.pb.h"

namespace govreport {

RowDistricts::RowDistricts(const Gazetteer& gazetteer)
    : gazetteer_(gazetteer) {}

std::string_view RowDistricts::FieldOf(std::string_view code) const {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = fields_.find(AsAbsl(code));
    if (it != fields_.end()) return *it->second;
  }
  // Encoded through a row holding the district alone, so that the tag and
  // length are protobuf's own.
  v1::MetricValueRow row;
  if (std::optional<v1::District> district = gazetteer_.FindAnyByCode(code)) {
    *row.mutable_district() = *std::move(district);
  }
  auto field = std::make_unique<const std::string>(row.SerializeAsString());
  absl::MutexLock lock(&mu_);
  auto [it, inserted] =
      fields_.try_emplace(std::string(code), std::move(field));
  return *it->second;
}

}  // namespace govreport
