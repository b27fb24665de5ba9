// Google Benchmark of the text pipeline's stages over the sample reports,
// and of key and page-token encoding.

#include <benchmark/benchmark.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include "common/decode.h"
#include "common/extract.h"
#include "common/keys.h"
#include "common/normalize.h"
#include "common/pipeline.h"
#include "common/segment.h"
#include "govreport/v1/query.pb.h"
#include "query_service/page_token.h"
#include "tests/test_util.h"

namespace govreport {
namespace {

const std::vector<std::string>& Samples() {
  static const auto* samples = new std::vector<std::string>{
      testing::ReadSample("licang.txt"), testing::ReadSample("jinniu.txt"),
      testing::ReadSample("qingyang.txt"), testing::ReadSample("shinan.txt")};
  return *samples;
}

int64_t SampleBytes() {
  int64_t bytes = 0;
  for (const std::string& s : Samples()) bytes += s.size();
  return bytes;
}

void BM_Decode(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& s : Samples()) {
      benchmark::DoNotOptimize(Decode(s, {}));
    }
  }
  state.SetBytesProcessed(state.iterations() * SampleBytes());
}
BENCHMARK(BM_Decode);

void BM_Normalize(benchmark::State& state) {
  std::unique_ptr<Normalizer> normalizer = *Normalizer::Create();
  for (auto _ : state) {
    for (const std::string& s : Samples()) {
      benchmark::DoNotOptimize(normalizer->Normalize(s));
    }
  }
  state.SetBytesProcessed(state.iterations() * SampleBytes());
}
BENCHMARK(BM_Normalize);

// Normalize on the samples converted to traditional characters: the
// transliterator's cost.
void BM_NormalizeTraditional(benchmark::State& state) {
  std::unique_ptr<Normalizer> normalizer = *Normalizer::Create();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> to_traditional(
      icu::Transliterator::createInstance("Simplified-Traditional",
                                          UTRANS_FORWARD, status));
  std::vector<std::string> traditional;
  int64_t bytes = 0;
  for (const std::string& s : Samples()) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    to_traditional->transliterate(u);
    traditional.emplace_back();
    u.toUTF8String(traditional.back());
    bytes += traditional.back().size();
  }
  for (auto _ : state) {
    for (const std::string& s : traditional) {
      benchmark::DoNotOptimize(normalizer->Normalize(s));
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_NormalizeTraditional);

void BM_Segment(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& s : Samples()) benchmark::DoNotOptimize(Segment(s));
  }
  state.SetBytesProcessed(state.iterations() * SampleBytes());
}
BENCHMARK(BM_Segment);

void BM_Extract(benchmark::State& state) {
  std::vector<SegmentedText> segmented;
  for (const std::string& s : Samples()) segmented.push_back(Segment(s));
  for (auto _ : state) {
    for (size_t i = 0; i < Samples().size(); ++i) {
      benchmark::DoNotOptimize(ExtractCommitments(Samples()[i], segmented[i]));
    }
  }
  state.SetBytesProcessed(state.iterations() * SampleBytes());
}
BENCHMARK(BM_Extract);

void BM_Analyze(benchmark::State& state) {
  std::unique_ptr<Pipeline> pipeline = *Pipeline::Create();
  std::vector<v1::RawReport> raws;
  for (const std::string& s : Samples()) {
    raws.emplace_back();
    raws.back().set_content(s);
  }
  for (auto _ : state) {
    for (const v1::RawReport& raw : raws) {
      benchmark::DoNotOptimize(pipeline->Analyze(raw));
    }
  }
  state.SetBytesProcessed(state.iterations() * SampleBytes());
  state.SetItemsProcessed(state.iterations() * raws.size());
}
BENCHMARK(BM_Analyze);

void BM_IndexEntries(benchmark::State& state) {
  std::unique_ptr<Pipeline> pipeline = *Pipeline::Create();
  v1::RawReport raw;
  raw.set_content(Samples()[0]);
  Analysis analysis = *pipeline->Analyze(raw);
  for (auto _ : state) {
    uint32_t ordinal = 0;
    for (const v1::Commitment& c : analysis.commitments) {
      benchmark::DoNotOptimize(
          keys::IndexEntries(c, keys::CommitmentKey(c.report_id(), ordinal++)));
    }
  }
  state.SetItemsProcessed(state.iterations() * analysis.commitments.size());
}
BENCHMARK(BM_IndexEntries);

void BM_PageTokenRoundTrip(benchmark::State& state) {
  v1::CommitmentFilter filter;
  filter.add_districts("李沧");
  const std::string fingerprint = RequestFingerprint(filter);
  PageCursor cursor{2, std::string(40, 'k')};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        DecodePageToken(EncodePageToken(fingerprint, cursor), fingerprint));
  }
}
BENCHMARK(BM_PageTokenRoundTrip);

}  // namespace
}  // namespace govreport

BENCHMARK_MAIN();
