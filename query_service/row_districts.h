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

#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/gazetteer.h"

namespace govreport {

// Field 1 (district) of a MetricValueRow, encoded (tag, length, District),
// for each code asked for, made from the gazetteer on first use and kept.
// A few thousand codes exist, so the cache is bounded by the gazetteer.
//
// Thread-safe: lookups of codes already encoded share a reader lock.
class RowDistricts final {
 public:
  // `gazetteer` is borrowed and must outlive this.
  explicit RowDistricts(const Gazetteer& gazetteer);
  RowDistricts(const RowDistricts&) = delete;
  RowDistricts& operator=(const RowDistricts&) = delete;

  // The encoded field of the county, city or province with this code;
  // empty (no field: the row has no district) when the gazetteer has none.
  // The view stays valid as long as this object.
  std::string_view FieldOf(std::string_view code) const;

 private:
  const Gazetteer& gazetteer_;

  mutable absl::Mutex mu_;
  // Code -> encoded field. The strings are owned through unique_ptr so that
  // views of them survive the map's rehashing.
  mutable absl::flat_hash_map<std::string, std::unique_ptr<const std::string>>
      fields_ ABSL_GUARDED_BY(mu_);
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_ROW_DISTRICTS_H_
