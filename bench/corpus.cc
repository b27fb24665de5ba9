#include "bench/corpus.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "bench/random.h"
#include "common/gazetteer.h"
#include "common/report_identity.h"
#include "common/string_view.h"

namespace govreport::bench {
namespace {

using v1::District;

// The city a title names between the province and the district: none for
// the districts of municipalities (whose city is the province) and for
// counties the province administers directly (whose city is empty).
absl::string_view TitleCity(const District& d) {
  return d.city() == d.province() ? absl::string_view() : d.city();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The rewritten form of one Arabic number, `number` (digits with at most
// one decimal point, `decimals` digits after it), found between `before`
// and `after`.
std::string RewriteNumber(std::string_view number, int decimals,
                          std::string_view before, std::string_view after,
                          int year_shift, Random& random) {
  const absl::string_view next = AsAbsl(after);
  // Model names (5G, 220KV), dates and ordinals are not quantities.
  if ((!before.empty() && IsAsciiLetter(before.back())) ||
      (!after.empty() && IsAsciiLetter(after.front())) ||
      absl::EndsWith(AsAbsl(before), "第") || absl::StartsWith(next, "月") ||
      absl::StartsWith(next, "日") || absl::StartsWith(next, "号")) {
    return std::string(number);
  }
  double value = 0;
  if (!absl::SimpleAtod(AsAbsl(number), &value)) return std::string(number);
  if (decimals == 0 && number.size() == 4 && value >= 1900 && value <= 2100 &&
      absl::StartsWith(next, "年")) {
    return absl::StrCat(static_cast<int>(value) + year_shift);
  }
  const double factor = random.Factor();
  // High percentages (rates, coverage) move their distance to 100%, so
  // that they stay below it.
  double scaled = absl::StartsWith(next, "%") && value >= 50 && value <= 100
                      ? 100 - (100 - value) * factor
                      : value * factor;
  if (value > 0) scaled = std::max(scaled, std::pow(10.0, -decimals));
  return absl::StrFormat("%.*f", decimals, scaled);
}

// Every Arabic number of `text` rewritten by RewriteNumber.
std::string PerturbNumbers(std::string_view text, int year_shift,
                           Random& random) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsDigit(text[end])) ++end;
    int decimals = 0;
    if (end + 1 < text.size() && text[end] == '.' && IsDigit(text[end + 1])) {
      const size_t fraction = ++end;
      while (end < text.size() && IsDigit(text[end])) ++end;
      decimals = static_cast<int>(end - fraction);
    }
    out += RewriteNumber(text.substr(i, end - i), decimals, text.substr(0, i),
                         text.substr(end), year_shift, random);
    i = end;
  }
  return out;
}

// What replaces the names of a sample's district, city and province.
std::vector<std::pair<std::string, std::string>> NameReplacements(
    const District& from, const District& to) {
  // A county without a city is in its province.
  const std::string& to_city = to.city().empty() ? to.province() : to.city();
  std::vector<std::pair<std::string, std::string>> pairs;
  auto add = [&pairs](const std::string& old_name, const std::string& name) {
    for (const auto& [key, value] : pairs) {
      if (key == old_name) return;
    }
    pairs.emplace_back(old_name, name);
  };
  add(from.name(), to.name());
  add(ShortPlaceName(from.name()), ShortPlaceName(to.name()));
  if (!from.city().empty()) {
    add(from.city(), to_city);
    add(ShortPlaceName(from.city()), ShortPlaceName(to_city));
  }
  add(from.province(), to.province());
  add(ShortPlaceName(from.province()), ShortPlaceName(to.province()));
  return pairs;
}

// A sample with what the rewriting needs to know about it.
struct Sample {
  std::string content;
  District district;
  // The plan year its text states; 0 when it states none.
  int year = 0;
};

absl::StatusOr<std::vector<Sample>> ReadSamples(const std::string& dir) {
  absl::StatusOr<std::vector<SampleFile>> files = ReadSampleFiles(dir);
  if (!files.ok()) return files.status();
  std::vector<Sample> samples;
  for (SampleFile& file : *files) {
    std::optional<District> district =
        Gazetteer::Default().Detect(file.content);
    if (!district) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the gazetteer cannot tell the district of sample ", file.name));
    }
    const int year = DetectReportYear(file.content);
    samples.push_back({std::move(file.content), *std::move(district), year});
  }
  return samples;
}

}  // namespace

absl::StatusOr<std::vector<SampleFile>> ReadSampleFiles(
    const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read the sample folder ",
                                            dir, ": ", error.message()));
  }
  std::vector<SampleFile> files;
  for (const std::filesystem::directory_entry& entry : it) {
    if (!entry.is_regular_file() || entry.path().extension() != ".txt")
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
      return absl::NotFoundError(
          absl::StrCat("cannot read ", entry.path().string()));
    }
    files.push_back({entry.path().filename().string(), content.str()});
  }
  if (files.empty()) {
    return absl::NotFoundError(absl::StrCat("no *.txt file in ", dir));
  }
  std::sort(
      files.begin(), files.end(),
      [](const SampleFile& a, const SampleFile& b) { return a.name < b.name; });
  return files;
}

absl::StatusOr<std::vector<GeneratedReport>> GenerateCorpus(
    const CorpusOptions& options) {
  if (options.count < 0 || options.first_year > options.last_year) {
    return absl::InvalidArgumentError(
        absl::StrFormat("bad corpus options: count %d, years %d-%d",
                        options.count, options.first_year, options.last_year));
  }
  absl::StatusOr<std::vector<Sample>> samples =
      ReadSamples(options.samples_dir);
  if (!samples.ok()) return samples.status();
  const std::vector<District>& districts = Gazetteer::Default().districts();
  const size_t years = options.last_year - options.first_year + 1;
  Random random(options.seed);
  std::vector<GeneratedReport> corpus;
  corpus.reserve(options.count);
  for (int i = 0; i < options.count; ++i) {
    const Sample& sample = (*samples)[i % samples->size()];
    GeneratedReport report;
    report.district = random.Pick(districts);
    report.year = options.first_year + static_cast<int>(random.Below(years));
    const District& d = report.district;
    const std::string text = absl::StrReplaceAll(
        sample.content, NameReplacements(sample.district, d));
    const int year_shift = sample.year == 0 ? 0 : report.year - sample.year;
    report.file_name = absl::StrCat(d.code(), "-", report.year, "-", i, ".txt");
    report.content = absl::StrCat(d.province(), TitleCity(d), d.name(),
                                  report.year, "年政府工作报告\n\n",
                                  PerturbNumbers(text, year_shift, random));
    corpus.push_back(std::move(report));
  }
  return corpus;
}

}  // namespace govreport::bench
