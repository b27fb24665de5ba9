// The whole pipeline on raw bytes: never a crash; on success, records that
// serialize as valid protobuf (valid UTF-8 in every string).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const govreport::Pipeline* pipeline =
      govreport::Pipeline::Create()->release();
  govreport::v1::RawReport raw;
  raw.set_content(std::string(reinterpret_cast<const char*>(data), size));
  absl::StatusOr<govreport::Analysis> analysis = pipeline->Analyze(raw);
  if (!analysis.ok()) return 0;
  std::string bytes = analysis->report().SerializeAsString();
  govreport::v1::Report parsed;
  if (!parsed.ParseFromString(bytes)) std::abort();
  for (const auto& c : analysis->commitments()) {
    govreport::v1::Commitment copy;
    if (!copy.ParseFromString(c.SerializeAsString())) std::abort();
  }
  return 0;
}
