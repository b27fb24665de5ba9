#include "bench/corpus.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/gazetteer.h"

namespace govreport::bench {
namespace {

struct Sample {
  std::string text;
  v1::District district;
};

std::string ReplaceAll(std::string text, const std::string& from,
                       const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Scales every Arabic number by a random factor, keeping its decimals.
std::string PerturbNumbers(const std::string& text, std::mt19937_64& random) {
  std::uniform_real_distribution<double> factor(0.5, 1.5);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    int decimals = -1;
    while (end < text.size() &&
           ((text[end] >= '0' && text[end] <= '9') ||
            (text[end] == '.' && decimals < 0 && end + 1 < text.size() &&
             text[end + 1] >= '0' && text[end + 1] <= '9'))) {
      if (text[end] == '.') {
        decimals = 0;
      } else if (decimals >= 0) {
        ++decimals;
      }
      ++end;
    }
    const double value = std::stod(text.substr(i, end - i)) * factor(random);
    out += absl::StrFormat("%.*f", std::max(decimals, 0), std::max(value, 1.0));
    i = end;
  }
  return out;
}

std::vector<Sample> LoadSamples(const std::string& dir) {
  std::vector<Sample> samples;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return samples;
  while (dirent* entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name.size() < 4 || name.substr(name.size() - 4) != ".txt") continue;
    std::ifstream in(dir + "/" + name);
    std::stringstream buffer;
    buffer << in.rdbuf();
    Sample s;
    s.text = buffer.str();
    if (auto district = Gazetteer::Default().Detect(s.text)) {
      s.district = *district;
      samples.push_back(std::move(s));
    }
  }
  closedir(d);
  std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) {
    return a.district.code() < b.district.code();
  });
  return samples;
}

}  // namespace

std::vector<GeneratedReport> GenerateCorpus(const std::string& samples_dir,
                                            int count, uint64_t seed) {
  std::vector<Sample> samples = LoadSamples(samples_dir);
  std::vector<GeneratedReport> corpus;
  if (samples.empty()) return corpus;
  const auto& districts = Gazetteer::Default().districts();
  std::mt19937_64 random(seed);
  for (int i = 0; i < count; ++i) {
    const Sample& sample = samples[i % samples.size()];
    const v1::District& target = districts[random() % districts.size()];
    const int year = 2015 + static_cast<int>(random() % 11);
    std::string text = ReplaceAll(sample.text, sample.district.name(), target.name());
    text = ReplaceAll(text, ShortPlaceName(sample.district.name()),
                      ShortPlaceName(target.name()));
    text = PerturbNumbers(text, random);
    GeneratedReport report;
    report.file_name = absl::StrCat(target.code(), "-", year, "-", i, ".txt");
    report.raw.set_content(absl::StrCat(target.province(), target.city(),
                                        target.name(), year, "年政府工作报告\n",
                                        text));
    report.raw.set_file_name(report.file_name);
    report.raw.set_district_hint(target.code());
    report.raw.set_year_hint(year);
    corpus.push_back(std::move(report));
  }
  return corpus;
}

}  // namespace govreport::bench
