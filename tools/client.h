// A small client library for the govreport services, under reportctl's
// commands: the connection (target, TLS, mutual TLS), the bearer token and
// the per-call deadline are set up once, in Client::Create; Call makes one
// unary call and ForEachPage follows a paged method's page tokens. Failed
// calls come back as an absl::Status whose message reads
// "METHOD failed: CODE_NAME: the server's message".
//
//   ClientOptions options;
//   options.target = "127.0.0.1:50052";
//   absl::StatusOr<Client> client = Client::Create(options);
//   if (!client.ok()) return client.status();
//   auto stub = v1::QueryService::NewStub(client->channel());
//   v1::ListReportsRequest request;
//   absl::Status status = ForEachPage(
//       *client, "ListReports", stub.get(),
//       &v1::QueryService::Stub::ListReports, request,
//       [](v1::ListReportsResponse& page, v1::ListReportsRequest&) {
//         for (const v1::Report& r : page.reports()) Use(r);
//         return true;  // next page, if any
//       });
//
// A Client is a value (copyable, immutable after Create) and thread-safe:
// calls through it may run on any number of threads at once.

#ifndef GOVREPORT_TOOLS_CLIENT_H_
#define GOVREPORT_TOOLS_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace govreport::tools {

// How to reach a server. Client::Create validates it once. The fields
// mirror reportctl's flags, and errors name those flags (--tls_ca, ...).
struct ClientOptions {
  // HOST:PORT or unix:PATH of the server. Empty: the GOVREPORT_TARGET
  // environment variable, else default_target.
  std::string target;
  // The target when neither target nor GOVREPORT_TARGET names one.
  std::string default_target = "127.0.0.1:50051";
  // PEM CA file: when set, connect with TLS, trusting servers it signed;
  // empty: plaintext.
  std::string tls_ca_file;
  // PEM client certificate chain and private key files, for servers that
  // require client certificates (mutual TLS). Both or neither; they need
  // tls_ca_file.
  std::string tls_cert_file;
  std::string tls_key_file;
  // File holding the bearer token sent with every call (surrounding
  // whitespace dropped). Empty: the GOVREPORT_TOKEN environment variable,
  // if set; else no token.
  std::string token_file;
  // Deadline of each unary call and each page, from the call's start. > 0.
  absl::Duration timeout = absl::Seconds(30);
  // Largest message sent or received, in bytes (reports may be large).
  int max_message_bytes = 64 << 20;
};

// OK for an OK `status`; else an absl::Status with the same code and the
// message "NAME failed: CODE_NAME: message" (e.g. "DeleteReport failed:
// INVALID_ARGUMENT: report_id: ..."), which is no usage error: a server's
// verdict on a call exits with code 1.
absl::Status CallError(absl::string_view name, const grpc::Status& status);

// A connection to one server, with the credentials, token and deadline of
// its calls. See the file comment.
class Client final {
 public:
  // Reads the TLS and token files and creates the channel (which connects
  // lazily, at the first call: an unreachable server shows as UNAVAILABLE
  // then). A UsageError (tools/exit_code.h) when the options are
  // inconsistent or a file cannot be read.
  static absl::StatusOr<Client> Create(const ClientOptions& options);

  // The target connected to, after the GOVREPORT_TARGET and default rules.
  const std::string& target() const { return target_; }

  // The channel, for stubs and the health client.
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // ClientOptions::timeout.
  absl::Duration timeout() const { return timeout_; }

  // Sets up `context` for one unary call: the token and the deadline.
  void PrepareUnary(grpc::ClientContext* context) const;

  // Sets up `context` for a stream that may run for long (StreamIngest):
  // the token, no deadline.
  void PrepareStream(grpc::ClientContext* context) const;

  // Calls the unary `method` (e.g. &v1::QueryService::Stub::GetReport) of
  // `stub`, a stub on channel(), with a context from PrepareUnary. OK with
  // `*response` filled; else CallError(name, the call's status).
  template <typename Stub, typename Request, typename Response>
  absl::Status Call(absl::string_view name, Stub* stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response) const {
    grpc::ClientContext context;
    PrepareUnary(&context);
    return CallError(name, (stub->*method)(&context, request, response));
  }

 private:
  Client(std::string target, std::shared_ptr<grpc::Channel> channel,
         std::string token, absl::Duration timeout);

  std::string target_;
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
  absl::Duration timeout_;
};

// Calls the paged `method` of `stub` from `request` on, one Client::Call a
// page, setting each next request's page_token from the answer's
// next_page_token. Each answer goes to `on_page(Response&, Request&)`,
// which returns false to stop and may change the next request (e.g. its
// page_size). OK after the last page or when on_page stopped; the first
// failed call's CallError otherwise.
template <typename Stub, typename Request, typename Response, typename OnPage>
absl::Status ForEachPage(const Client& client, absl::string_view name,
                         Stub* stub,
                         grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                      const Request&,
                                                      Response*),
                         Request request, OnPage on_page) {
  do {
    Response response;
    absl::Status status = client.Call(name, stub, method, request, &response);
    if (!status.ok()) return status;
    if (!on_page(response, request)) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

}  // namespace govreport::tools

#endif  // GOVREPORT_TOOLS_CLIENT_H_
