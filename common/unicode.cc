#include "common/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>

namespace govreport {
namespace unicode_internal {
namespace {

constexpr uint32_t kFormsBlockBegin = 0xFF00;
constexpr uint32_t kFormsBlockEnd = 0xFFEF;

// NFKC's fold of a <wide> character whose decomposition is one ASCII
// character; `c` otherwise.
uint32_t FoldByNormalizer(uint32_t c) {
  if (u_getIntPropertyValue(static_cast<UChar32>(c),
                            UCHAR_DECOMPOSITION_TYPE) != U_DT_WIDE) {
    return c;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString decomposition;
  if (U_FAILURE(status) ||
      !nfkc->getDecomposition(static_cast<UChar32>(c), decomposition) ||
      decomposition.length() != 1 || decomposition.charAt(0) >= 0x80) {
    return c;
  }
  return decomposition.charAt(0);
}

}  // namespace

bool IsUnifiedIdeograph(uint32_t c) {
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_UNIFIED_IDEOGRAPH);
}

uint32_t FoldWideForm(uint32_t c) {
  // Full-width punctuation is frequent in Chinese text (，：；（）): the
  // normalizer's answers for the block are looked up, asked once.
  static const auto* const block_folds = [] {
    auto* folds =
        new std::array<uint32_t, kFormsBlockEnd - kFormsBlockBegin + 1>;
    for (uint32_t i = 0; i < folds->size(); ++i) {
      (*folds)[i] = FoldByNormalizer(kFormsBlockBegin + i);
    }
    return folds;
  }();
  if (c >= kFormsBlockBegin && c <= kFormsBlockEnd) {
    return (*block_folds)[c - kFormsBlockBegin];
  }
  return FoldByNormalizer(c);
}

}  // namespace unicode_internal
}  // namespace govreport
