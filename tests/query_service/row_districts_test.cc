#include "query_service/row_districts.h"

#include <string>
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

// Every county, city and province has its field, encoded as a row built
// from the gazetteer would be.
TEST(RowDistrictsTest, EveryUnitOfTheGazetteerHasItsField) {
  const Gazetteer& gazetteer = Gazetteer::Default();
  RowDistricts districts(gazetteer);
  std::vector<v1::District> units = gazetteer.HigherUnits();
  units.insert(units.end(), gazetteer.districts().begin(),
               gazetteer.districts().end());
  ASSERT_GT(units.size(), 3000u);
  for (const v1::District& unit : units) {
    v1::MetricValueRow row;
    *row.mutable_district() = *gazetteer.FindAnyByCode(unit.code());
    ASSERT_EQ(districts.FieldOf(unit.code()), row.SerializeAsString())
        << unit.code();
  }
}

}  // namespace
}  // namespace govreport
