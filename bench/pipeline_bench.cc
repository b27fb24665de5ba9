// Google Benchmark of the text pipeline over the sample reports
// (tests/data/reports, read at start): each stage on what the stage before
// it produced, the whole Pipeline::Analyze (on the samples and on them in
// traditional characters), index key encoding and page tokens. Bytes/s
// count each stage's input; items/s count reports, except for IndexEntries
// (commitments) and page tokens (tokens).

#include <benchmark/benchmark.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bench/corpus.h"
#include "common/decode.h"
#include "common/extract.h"
#include "common/normalize.h"
#include "common/pipeline.h"
#include "common/segment.h"
#include "govreport/v1/query.pb.h"
#include "query_service/page_token.h"
#include "store/keys.h"

namespace govreport::bench {
namespace {

// The samples and what each stage makes of them, computed once.
struct StageInputs {
  std::unique_ptr<Normalizer> normalizer;
  std::unique_ptr<Pipeline> pipeline;
  std::vector<v1::RawReport> reports;
  // `reports` with their text converted to traditional characters.
  std::vector<v1::RawReport> traditional_reports;
  std::vector<std::string> raw;
  std::vector<std::string> decoded;
  // `decoded` converted to traditional characters (ICU's
  // Simplified-Traditional).
  std::vector<std::string> traditional;
  std::vector<std::string> normalized;
  std::vector<SegmentedText> segmented;
  // The commitments Analyze found, with their commitment keys.
  std::vector<std::pair<v1::Commitment, std::string>> commitments;
};

const StageInputs* inputs = nullptr;

int64_t TotalBytes(const std::vector<std::string>& texts) {
  int64_t bytes = 0;
  for (const std::string& text : texts) bytes += text.size();
  return bytes;
}

void SetRates(benchmark::State& state, int64_t bytes, int64_t items) {
  state.SetBytesProcessed(state.iterations() * bytes);
  state.SetItemsProcessed(state.iterations() * items);
}

void BM_Decode(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& raw : inputs->raw) {
      benchmark::DoNotOptimize(Decode(raw, {}));
    }
  }
  SetRates(state, TotalBytes(inputs->raw), inputs->raw.size());
}
BENCHMARK(BM_Decode);

void BM_Normalize(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& text : inputs->decoded) {
      benchmark::DoNotOptimize(inputs->normalizer->Normalize(text));
    }
  }
  SetRates(state, TotalBytes(inputs->decoded), inputs->decoded.size());
}
BENCHMARK(BM_Normalize);

// Normalize on traditional input: the ICU transliterator's cost.
void BM_NormalizeTraditional(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& text : inputs->traditional) {
      benchmark::DoNotOptimize(inputs->normalizer->Normalize(text));
    }
  }
  SetRates(state, TotalBytes(inputs->traditional), inputs->traditional.size());
}
BENCHMARK(BM_NormalizeTraditional);

void BM_Segment(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& text : inputs->normalized) {
      benchmark::DoNotOptimize(Segment(text));
    }
  }
  SetRates(state, TotalBytes(inputs->normalized), inputs->normalized.size());
}
BENCHMARK(BM_Segment);

void BM_ExtractCommitments(benchmark::State& state) {
  for (auto _ : state) {
    for (size_t i = 0; i < inputs->normalized.size(); ++i) {
      // On an arena, as the pipeline makes them.
      google::protobuf::Arena arena;
      auto* commitments = google::protobuf::Arena::CreateMessage<
          google::protobuf::RepeatedPtrField<v1::Commitment>>(&arena);
      ExtractCommitments(inputs->normalized[i], inputs->segmented[i],
                         commitments);
      benchmark::DoNotOptimize(commitments);
    }
  }
  SetRates(state, TotalBytes(inputs->normalized), inputs->normalized.size());
}
BENCHMARK(BM_ExtractCommitments);

void BM_Analyze(benchmark::State& state) {
  for (auto _ : state) {
    for (const v1::RawReport& report : inputs->reports) {
      benchmark::DoNotOptimize(inputs->pipeline->Analyze(report));
    }
  }
  SetRates(state, TotalBytes(inputs->raw), inputs->reports.size());
}
BENCHMARK(BM_Analyze);

// Analyze of the samples in traditional characters (`traditional`).
void BM_AnalyzeTraditional(benchmark::State& state) {
  for (auto _ : state) {
    for (const v1::RawReport& report : inputs->traditional_reports) {
      benchmark::DoNotOptimize(inputs->pipeline->Analyze(report));
    }
  }
  SetRates(state, TotalBytes(inputs->traditional),
           inputs->traditional_reports.size());
}
BENCHMARK(BM_AnalyzeTraditional);

void BM_IndexEntries(benchmark::State& state) {
  if (inputs->commitments.empty()) {
    state.SkipWithError("the pipeline found no commitments in the samples");
    return;
  }
  for (auto _ : state) {
    for (const auto& [commitment, key] : inputs->commitments) {
      benchmark::DoNotOptimize(
          keys::IndexEntries(commitment, key, commitment.SerializeAsString()));
    }
  }
  state.SetItemsProcessed(state.iterations() * inputs->commitments.size());
}
BENCHMARK(BM_IndexEntries);

// The text index's share of a write group: each sample's distinct bigrams,
// then its postings in one group, as ReportStore::Put makes them.
void BM_TextIndex(benchmark::State& state) {
  for (auto _ : state) {
    keys::BigramGroupBuilder group(1);
    for (size_t i = 0; i < inputs->normalized.size(); ++i) {
      group.Add(std::to_string(i), "370213", 2024,
                keys::TextBigrams(inputs->normalized[i]));
    }
    benchmark::DoNotOptimize(std::move(group).Finish());
  }
  SetRates(state, TotalBytes(inputs->normalized), inputs->normalized.size());
}
BENCHMARK(BM_TextIndex);

// A token as ListCommitments makes it: bound to a district and year filter,
// positioned at a by_district key.
struct TokenCase {
  std::string fingerprint;
  PageCursor cursor;
};

TokenCase MakeTokenCase() {
  v1::CommitmentFilter filter;
  filter.add_districts("李沧");
  filter.set_year_from(2020);
  filter.set_year_to(2024);
  TokenCase c;
  c.fingerprint = RequestFingerprint(filter);
  c.cursor.last_key = keys::DistrictPrefix("370213");
  keys::AppendBigEndian16(2024, &c.cursor.last_key);
  c.cursor.last_key += keys::CommitmentKey("r0123456789abcdef", 17);
  return c;
}

void BM_PageTokenEncode(benchmark::State& state) {
  const TokenCase c = MakeTokenCase();
  const PageTokenKey key = PageTokenKey::Random();
  for (auto _ : state) {
    benchmark::DoNotOptimize(EncodePageToken(key, c.fingerprint, c.cursor));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PageTokenEncode);

void BM_PageTokenDecode(benchmark::State& state) {
  const TokenCase c = MakeTokenCase();
  const PageTokenKey key = PageTokenKey::Random();
  const std::string token = EncodePageToken(key, c.fingerprint, c.cursor);
  for (auto _ : state) {
    benchmark::DoNotOptimize(DecodePageToken(key, token, c.fingerprint));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PageTokenDecode);

absl::StatusOr<std::string> ToTraditional(const std::string& simplified) {
  UErrorCode status = U_ZERO_ERROR;
  static icu::Transliterator* const to_traditional =
      icu::Transliterator::createInstance("Simplified-Traditional",
                                          UTRANS_FORWARD, status);
  if (to_traditional == nullptr) {
    return absl::InternalError(absl::StrCat(
        "no Simplified-Traditional transliterator: ", u_errorName(status)));
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(simplified);
  to_traditional->transliterate(text);
  std::string traditional;
  text.toUTF8String(traditional);
  return traditional;
}

// Reads the samples and runs each stage once on them.
absl::StatusOr<StageInputs> PrepareInputs(const std::string& dir) {
  absl::StatusOr<std::vector<SampleFile>> files = ReadSampleFiles(dir);
  if (!files.ok()) return files.status();
  StageInputs in;
  absl::StatusOr<std::unique_ptr<Normalizer>> normalizer = Normalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  in.normalizer = *std::move(normalizer);
  absl::StatusOr<std::unique_ptr<Pipeline>> pipeline = Pipeline::Create();
  if (!pipeline.ok()) return pipeline.status();
  in.pipeline = *std::move(pipeline);
  for (const SampleFile& file : *files) {
    absl::StatusOr<DecodedText> decoded = Decode(file.content, {});
    if (!decoded.ok()) return decoded.status();
    absl::StatusOr<std::string> traditional = ToTraditional(decoded->text);
    if (!traditional.ok()) return traditional.status();
    in.raw.push_back(file.content);
    in.decoded.push_back(decoded->text);
    in.traditional.push_back(*std::move(traditional));
    in.normalized.push_back(in.normalizer->Normalize(decoded->text).text);
    in.segmented.push_back(Segment(in.normalized.back()));
    v1::RawReport& traditional_report = in.traditional_reports.emplace_back();
    traditional_report.set_content(in.traditional.back());
    traditional_report.set_file_name(file.name);
    v1::RawReport& report = in.reports.emplace_back();
    report.set_content(file.content);
    report.set_file_name(file.name);
    // A sample the pipeline refuses adds no commitments; BM_Analyze still
    // times it.
    absl::StatusOr<Analysis> analysis = in.pipeline->Analyze(report);
    if (!analysis.ok()) continue;
    uint32_t ordinal = 0;
    for (v1::Commitment& commitment : *analysis->mutable_commitments()) {
      std::string key = keys::CommitmentKey(analysis->report().id(), ordinal++);
      in.commitments.emplace_back(std::move(commitment), std::move(key));
    }
  }
  return in;
}

}  // namespace
}  // namespace govreport::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  absl::StatusOr<govreport::bench::StageInputs> inputs =
      govreport::bench::PrepareInputs(GOVREPORT_TEST_DATA_DIR "/reports");
  if (!inputs.ok()) {
    std::cerr << "pipeline_bench: " << inputs.status() << "\n";
    return 1;
  }
  govreport::bench::inputs = &*inputs;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
