#ifndef GOVREPORT_COMMON_COUNTIES_DATA_H_
#define GOVREPORT_COMMON_COUNTIES_DATA_H_

// The gazetteer's data files, compiled into the binary by common/CMakeLists.txt
// (counties_data.cc.in) so that no program needs a data path at run time.
// Gazetteer::Default() (common/gazetteer.h) is their only reader.

namespace govreport {

// The contents of data/counties.csv, compiled into the binary: a header line
// "code,name,city_code,city,province_code,province" and one line per
// county-level division.
const char* CountiesCsv();

// The contents of data/renames.tsv, compiled in: comment lines starting
// with '#', a header line "former_name\tsuccessor_code\tyear" and one line
// per former division.
const char* RenamesTsv();

}  // namespace govreport

#endif  // GOVREPORT_COMMON_COUNTIES_DATA_H_
