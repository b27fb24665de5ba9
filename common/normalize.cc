#include "common/normalize.h"

namespace govreport {

struct Normalizer::Impl {};

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create() {
  return std::unique_ptr<Normalizer>(new Normalizer(std::make_unique<Impl>()));
}

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

NormalizedText Normalizer::Normalize(std::string_view utf8) const {
  NormalizedText out;
  out.text = std::string(utf8);
  return out;
}

}  // namespace govreport
