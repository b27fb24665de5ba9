// make_corpus: writes a generated corpus (bench/corpus.h) as one UTF-8 file
// per report, e.g. `make_corpus --out=/tmp/corpus --count=3000 --seed=1`.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bench/corpus.h"
#include "bench/corpus_flags.h"

ABSL_FLAG(std::string, out, "",
          "folder to write the reports to (created when missing); required");

namespace govreport::bench {
namespace {

absl::Status WriteCorpus(const std::string& dir) {
  absl::StatusOr<std::vector<GeneratedReport>> corpus =
      GenerateCorpus(CorpusOptionsFromFlags());
  if (!corpus.ok()) return corpus.status();
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", dir, ": ", error.message()));
  }
  int64_t bytes = 0;
  for (const GeneratedReport& report : *corpus) {
    const std::filesystem::path path =
        std::filesystem::path(dir) / report.file_name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << report.content;
    out.close();
    if (!out) {
      return absl::UnavailableError(
          absl::StrCat("cannot write ", path.string()));
    }
    bytes += report.content.size();
  }
  std::cout << "wrote " << corpus->size() << " reports, " << bytes
            << " bytes, to " << dir << "\n";
  return absl::OkStatus();
}

}  // namespace
}  // namespace govreport::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes a generated corpus of district work reports, one file each.\n"
      "  make_corpus --out=DIR [--count=3000] [--seed=1]");
  absl::ParseCommandLine(argc, argv);
  const std::string dir = absl::GetFlag(FLAGS_out);
  if (dir.empty()) {
    std::cerr << "make_corpus: --out is required\n";
    return 2;
  }
  const absl::Status status = govreport::bench::WriteCorpus(dir);
  if (!status.ok()) {
    std::cerr << "make_corpus: " << status << "\n";
    return 1;
  }
  return 0;
}
