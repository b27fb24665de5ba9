#include "query_service/row_districts.h"

#include <string>
#include <thread>
#include <vector>

#include "common/gazetteer.h"
#include "govreport/v1/query.pb.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

// The field parses as a row whose district is the gazetteer's unit of the
// code, for a county, a city and a province.
TEST(RowDistrictsTest, FieldIsTheGazetteersDistrictAsARowField) {
  RowDistricts districts(Gazetteer::Default());
  for (const char* code : {"370213", "370200", "370000"}) {
    SCOPED_TRACE(code);
    v1::MetricValueRow row;
    ASSERT_TRUE(row.ParseFromString(std::string(districts.FieldOf(code))));
    std::optional<v1::District> expected =
        Gazetteer::Default().FindAnyByCode(code);
    ASSERT_TRUE(expected.has_value());
    EXPECT_EQ(row.district().SerializeAsString(),
              expected->SerializeAsString());
    EXPECT_EQ(row.district().code(), code);
  }
}

// A code the gazetteer does not know gives no field: the row has no
// district, as a row built from the gazetteer would.
TEST(RowDistrictsTest, UnknownCodeGivesNoField) {
  RowDistricts districts(Gazetteer::Default());
  EXPECT_TRUE(districts.FieldOf("000000").empty());
  EXPECT_TRUE(districts.FieldOf("99999x").empty());
}

// Views stay valid while others are added, from several threads at once.
TEST(RowDistrictsTest, ViewsSurviveConcurrentAdditions) {
  RowDistricts districts(Gazetteer::Default());
  const std::string_view first = districts.FieldOf("370213");
  const std::string copy(first);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&districts, t] {
      for (int i = 0; i < 500; ++i) {
        // Codes of counties of Qingdao and Chengdu, and unknown ones.
        districts.FieldOf(std::to_string(370200 + (i + t) % 100));
        districts.FieldOf(std::to_string(510100 + (i * 7 + t) % 100));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(first, copy);
  EXPECT_EQ(districts.FieldOf("370213").data(), first.data());
}

}  // namespace
}  // namespace govreport
