#ifndef GOVREPORT_QUERY_SERVICE_ROW_DISTRICTS_H_
#define GOVREPORT_QUERY_SERVICE_ROW_DISTRICTS_H_

// The district of a MetricValueRow in wire form, per division code:
// CompareMetric assembles its rows from stored bytes (see
// MetricValueEntry in records.proto), and the district is the one part of
// a row neither the key nor the stored entry holds. Encoding it once per
// code, not once per row, saves a District copy and its encoding per row.
//
// Example:
//   RowDistricts districts(gazetteer);
//   std::string row(districts.FieldOf("370213"));  // field 1 of the row
//   ...  // the year, unit and kind fields, then the stored entry

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "common/gazetteer.h"

namespace govreport {

// Field 1 (district) of a MetricValueRow, encoded (tag, length, District),
// for every county, city and province of the gazetteer, made at
// construction (a few thousand short strings).
//
// Thread-safe: immutable after construction, so lookups take no lock
// (perf put 4.5% of an uncached CompareMetric's server samples in the
// lookup when it took a shared lock per row).
class RowDistricts final {
 public:
  // Encodes every unit of `gazetteer`, which needs not outlive this.
  explicit RowDistricts(const Gazetteer& gazetteer);
  RowDistricts(const RowDistricts&) = delete;
  RowDistricts& operator=(const RowDistricts&) = delete;

  // The encoded field of the county, city or province with this code;
  // empty (no field: the row has no district) when the gazetteer has none.
  // The view stays valid as long as this object.
  std::string_view FieldOf(std::string_view code) const;

 private:
  // Code -> encoded field.
  const absl::flat_hash_map<std::string, std::string> fields_;
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_ROW_DISTRICTS_H_
