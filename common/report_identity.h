#ifndef GOVREPORT_COMMON_REPORT_IDENTITY_H_
#define GOVREPORT_COMMON_REPORT_IDENTITY_H_

// Whose report a text is and of which year, read from the normalized text
// after the normalize stage; common/pipeline.h lets the client's hints
// override it and records the result on the Report.
//
// Example:
//   ReportIdentity identity =
//       IdentifyReport(normalized.text, Gazetteer::Default());
//   if (!identity.district) ...  // recorded as a warning, not an error

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/gazetteer.h"
#include "govreport/v1/records.pb.h"

namespace govreport {

// The years a report may be of (a hint or a detected year): the People's
// Republic's first to a bound no report will reach.
inline constexpr int kMinReportYear = 1949;
inline constexpr int kMaxReportYear = 2100;
inline bool IsReportYear(int year) {
  return year >= kMinReportYear && year <= kMaxReportYear;
}

// Whose report a text is, of what level of government, delivered in which
// year, and why.
struct ReportIdentity {
  // County, city or province.
  govreport::v1::ReportLevel level = govreport::v1::REPORT_LEVEL_COUNTY;
  // A county-level report's division (code empty for a unit the gazetteer
  // does not list, such as 大鹏新区); a city's: city and province only; a
  // province's: province only. nullopt when the text does not say.
  std::optional<govreport::v1::District> district;
  // The unit's name as written when it is not district.name ("徐水县",
  // "保定市满城区"); empty otherwise.
  std::string name_as_written;
  // The delivery year (the people's congress session's); 0 when unknown.
  int year = 0;
  // One entry per field decided ("district", "level", "year").
  std::vector<govreport::v1::IdentityEvidence> evidence;
};

// Reads a report's identity from its normalized text (web furniture already
// removed). The unit comes from how the report names itself, in
// this order of trust: the congress session line ("在涞源县第十六届人民代表
// 大会…"), the byline ("涞源县人民政府县长"), the address ("我代表县人民政
// 府"), the title; a level word alone ("县", "市", "省") narrows the names
// the text mentions most (Gazetteer::Detect). A city or province report
// names counties in passing and is never filed under one. The year: see
// DetectReportYear. Pure and thread-safe.
ReportIdentity IdentifyReport(std::string_view text,
                              const Gazetteer& gazetteer);

// The year a report was delivered (its congress session's year, the year
// it plans for), in this order of trust: the session's date in the opening
// ("2020年1月13日在…人民代表大会", "（2017年2月26日）"); the title
// ("2020年涞源县政府工作报告"); heading votes, a review heading counting
// for the next year ("一、2019年工作回顾" -> 2020, "过去五年和2021年工作回
// 顾" -> 2022; a half-year review "2021年上半年工作总结" for its own year)
// and a plan heading or opening for its own ("2024年工作安排", "2024年是
// …"); last, the year most sentences of the review open with ("2016年，全
// 县生产总值…" -> 2017). 0 when the text says none: file names and
// publication stamps are not read. When `evidence` is not null, the cue
// that decided is stored there.
int DetectReportYear(std::string_view text,
                     govreport::v1::IdentityEvidence* evidence = nullptr);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_REPORT_IDENTITY_H_
