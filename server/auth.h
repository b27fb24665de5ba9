#ifndef GOVREPORT_SERVER_AUTH_H_
#define GOVREPORT_SERVER_AUTH_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"

namespace govreport {

// What a call does, for authorization.
enum class Access { kRead, kWrite };

// Bearer-token authorization of calls: a call carries "authorization:
// Bearer <token>" metadata; a write needs a write token, a read a read or
// write token (and none at all when reads are open).
//
// Tokens come from a file of lines "write <token>" or "read <token>" ('#'
// starts a comment), never from flags, and are never logged. Immutable
// after construction, so thread-safe.
class TokenAuthorizer final {
 public:
  // Allows everything: no tokens configured.
  TokenAuthorizer() = default;

  // Reads a token file. InvalidArgument naming the line for a malformed
  // one, and for one holding no token at all (authentication is never
  // turned off by an empty file); NotFound when the file cannot be read.
  // `open_reads` lets calls without a token read.
  static absl::StatusOr<TokenAuthorizer> FromFile(const std::string& path,
                                                  bool open_reads);

  // Parses token file contents (see FromFile).
  static absl::StatusOr<TokenAuthorizer> FromText(std::string_view text,
                                                  bool open_reads);

  // OK when the call may go on. Unauthenticated for a missing or unknown
  // token; PermissionDenied for a read token used to write.
  absl::Status Check(const grpc::ServerContextBase& context,
                     Access access) const;

  // Whether any token is configured.
  bool enabled() const {
    return !write_tokens_.empty() || !read_tokens_.empty();
  }

 private:
  std::vector<std::string> write_tokens_;
  std::vector<std::string> read_tokens_;
  bool open_reads_ = true;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_AUTH_H_
