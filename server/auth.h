#ifndef GOVREPORT_SERVER_AUTH_H_
#define GOVREPORT_SERVER_AUTH_H_

// Who may call the servers: bearer tokens from a token file, checked by each
// service's handlers before any work (and by an interceptor for server
// reflection). server/server_flags.h builds the authorizer from the flags.
//
// Example:
//   absl::StatusOr<TokenAuthorizer> authorizer =
//       TokenAuthorizer::FromFile(path, /*open_reads=*/true);
//   absl::Status allowed = authorizer->Check(*context, Access::kWrite);

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace govreport {

// What a call does, for authorization.
enum class Access {
  kRead,
  kWrite,
  // A read that needs a read or write token even when reads are open:
  // server reflection under --reflection_requires_token.
  kReadWithToken,
};

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

// Makes server reflection (grpc.reflection.*) need a token: a call without
// a valid one gets only error responses and ends UNAUTHENTICATED.
// `authorizer` is borrowed and must be enabled() and outlive the server.
// The other methods are not intercepted.
//
// gRPC's reflection service is registered by a plugin that cannot be
// wrapped, and a server interceptor cannot refuse a call: the guard turns
// each of its answers into an error response (so that nothing of the
// schema leaves) and its final status into the refusal.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
ReflectionTokenGuard(const TokenAuthorizer& authorizer);

}  // namespace govreport

#endif  // GOVREPORT_SERVER_AUTH_H_
