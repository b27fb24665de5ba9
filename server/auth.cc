#include "server/auth.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "server/grpc_status.h"

namespace govreport {
namespace {

// Compares in time independent of where the strings differ, so that a
// token cannot be guessed byte by byte from response times.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

bool Contains(const std::vector<std::string>& tokens, std::string_view token) {
  bool found = false;
  for (const std::string& t : tokens) found |= ConstantTimeEquals(t, token);
  return found;
}

}  // namespace

absl::StatusOr<TokenAuthorizer> TokenAuthorizer::FromText(std::string_view text,
                                                          bool open_reads) {
  TokenAuthorizer auth;
  auth.open_reads_ = open_reads;
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() != 2 || (fields[0] != "write" && fields[0] != "read")) {
      return absl::InvalidArgumentError(
          absl::StrCat("token file line ", line_number,
                       ": expected \"write <token>\" or \"read <token>\""));
    }
    (fields[0] == "write" ? auth.write_tokens_ : auth.read_tokens_)
        .emplace_back(fields[1]);
  }
  // An empty file (a secret not mounted, a template left as it was) would
  // otherwise leave writes open to everyone while the operator believes
  // them protected.
  if (!auth.enabled()) {
    return absl::InvalidArgumentError(
        "the token file holds no token: authentication would be off; add "
        "\"write <token>\" and \"read <token>\" lines, or start without a "
        "token file to run open");
  }
  return auth;
}

absl::StatusOr<TokenAuthorizer> TokenAuthorizer::FromFile(
    const std::string& path, bool open_reads) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read token file ", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return FromText(buffer.str(), open_reads);
}

absl::Status TokenAuthorizer::Check(const grpc::ServerContextBase& context,
                                    Access access) const {
  if (!enabled()) return absl::OkStatus();
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    if (access == Access::kRead && open_reads_) return absl::OkStatus();
    return WithErrorReason(
        absl::UnauthenticatedError(
            "this call needs \"authorization: Bearer <token>\" metadata"),
        error_reason::kTokenMissing);
  }
  std::string_view value(it->second.data(), it->second.size());
  constexpr std::string_view kBearer = "Bearer ";
  if (value.substr(0, kBearer.size()) != kBearer) {
    return WithErrorReason(
        absl::UnauthenticatedError(
            "the authorization metadata must be \"Bearer <token>\""),
        error_reason::kTokenMalformed);
  }
  std::string_view token = value.substr(kBearer.size());
  if (Contains(write_tokens_, token)) return absl::OkStatus();
  if (Contains(read_tokens_, token)) {
    if (access != Access::kWrite) return absl::OkStatus();
    return WithErrorReason(
        absl::PermissionDeniedError(
            "this token may only read; writing needs a write token"),
        error_reason::kTokenReadOnly);
  }
  return WithErrorReason(
      absl::UnauthenticatedError("the bearer token is not valid"),
      error_reason::kTokenInvalid);
}

namespace {

using grpc::experimental::InterceptionHookPoints;

class ReflectionGuard final : public grpc::experimental::Interceptor {
 public:
  ReflectionGuard(const TokenAuthorizer& authorizer,
                  grpc::ServerContextBase* context)
      : authorizer_(authorizer), context_(context) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      refusal_ = authorizer_.Check(*context_, Access::kReadWithToken);
    }
    if (!refusal_.ok()) {
      if (methods->QueryInterceptionHookPoint(
              InterceptionHookPoints::POST_RECV_MESSAGE) &&
          methods->GetRecvMessage() != nullptr) {
        // Spares the service the work: it answers an empty request with
        // an error, replaced below in any case.
        static_cast<google::protobuf::Message*>(methods->GetRecvMessage())
            ->Clear();
      }
      if (methods->QueryInterceptionHookPoint(
              InterceptionHookPoints::PRE_SEND_MESSAGE) &&
          methods->GetSendMessage() != nullptr) {
        methods->ModifySendMessage(
            ErrorResponse(*static_cast<const google::protobuf::Message*>(
                methods->GetSendMessage())));
      }
      if (methods->QueryInterceptionHookPoint(
              InterceptionHookPoints::PRE_SEND_STATUS)) {
        methods->ModifySendStatus(ToGrpcStatus(refusal_));
      }
    }
    methods->Proceed();
  }

 private:
  // A ServerReflectionResponse of the same type as `answer` holding only
  // error_response {error_code, error_message} of the refusal, set through
  // protobuf reflection since gRPC installs no header of the type. Lives
  // until the next one: a stream sends one message at a time.
  const google::protobuf::Message* ErrorResponse(
      const google::protobuf::Message& answer) {
    replacement_.reset(answer.New());
    const google::protobuf::FieldDescriptor* error =
        replacement_->GetDescriptor()->FindFieldByName("error_response");
    if (error == nullptr) return replacement_.get();
    google::protobuf::Message* body =
        replacement_->GetReflection()->MutableMessage(replacement_.get(),
                                                      error);
    const google::protobuf::Descriptor* type = body->GetDescriptor();
    const google::protobuf::FieldDescriptor* code =
        type->FindFieldByName("error_code");
    const google::protobuf::FieldDescriptor* message =
        type->FindFieldByName("error_message");
    if (code != nullptr) {
      body->GetReflection()->SetInt32(body, code,
                                      static_cast<int>(refusal_.code()));
    }
    if (message != nullptr) {
      body->GetReflection()->SetString(body, message,
                                       std::string(refusal_.message()));
    }
    return replacement_.get();
  }

  const TokenAuthorizer& authorizer_;
  grpc::ServerContextBase* const context_;
  absl::Status refusal_;
  std::unique_ptr<google::protobuf::Message> replacement_;
};

class ReflectionGuardFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ReflectionGuardFactory(const TokenAuthorizer& authorizer)
      : authorizer_(authorizer) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (!absl::StartsWith(info->method(), "/grpc.reflection.")) {
      return nullptr;
    }
    return new ReflectionGuard(authorizer_, info->server_context());
  }

 private:
  const TokenAuthorizer& authorizer_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
ReflectionTokenGuard(const TokenAuthorizer& authorizer) {
  return std::make_unique<ReflectionGuardFactory>(authorizer);
}

}  // namespace govreport
