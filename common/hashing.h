#ifndef GOVREPORT_COMMON_HASHING_H_
#define GOVREPORT_COMMON_HASHING_H_

// The SHA-256 digests the service writes: a report's content_sha256 and
// text_sha256 (and the content report id taken from the latter,
// common/report_id.h), and the query fingerprints of page tokens.
//
// Example:
//   Sha256Hex("abc")  // "ba7816bf8f01cfea414140de5dae2223b00361a3..."

#include <string>
#include <string_view>

namespace govreport {

// The SHA-256 of `data` as 64 lowercase hex digits. Thread-safe.
std::string Sha256Hex(std::string_view data);

}  // namespace govreport

#endif  // GOVREPORT_COMMON_HASHING_H_
