#ifndef GOVREPORT_TESTS_INTEGRATION_RAW_STREAM_H_
#define GOVREPORT_TESTS_INTEGRATION_RAW_STREAM_H_

// A bidirectional streaming call made of arbitrary bytes, for tests that send
// what no generated stub can (corrupted or foreign messages): the bad-input
// catalogue (bad_input_test.cc), security and reflection tests.
//
// Example:
//   RawBidiCall call(server.Channel(),
//                    "/govreport.v1.IngestService/StreamIngest",
//                    {valid_request_bytes, "\xff\xff not a message"});
//   grpc::Status status = call.Await();  // INVALID_ARGUMENT naming index 1

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/byte_buffer.h"

namespace govreport::testing {

// One bidirectional streaming call made of raw messages (some of them no
// protobuf at all, as a hostile or broken client sends them): writes them
// all, half-closes, and collects the answers' bytes and the final status.
class RawBidiCall final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // `method` is the full path ("/package.Service/Method"); `metadata`
  // pairs are sent with the call.
  RawBidiCall(
      const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
      std::vector<std::string> messages,
      const std::vector<std::pair<std::string, std::string>>& metadata = {})
      : stub_(channel), messages_(std::move(messages)) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(120));
    for (const auto& [key, value] : metadata) context_.AddMetadata(key, value);
    stub_.PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(),
                                   this);
    StartRead(&read_);
    WriteNext();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) WriteNext();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::vector<grpc::Slice> slices;
    read_.Dump(&slices);
    std::string bytes;
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    answers_.push_back(std::move(bytes));
    StartRead(&read_);
  }

  void OnDone(const grpc::Status& status) override { done_.set_value(status); }

  // The final status, once the call is over; answers() is complete then.
  grpc::Status Await() { return done_.get_future().get(); }
  const std::vector<std::string>& answers() const { return answers_; }

 private:
  void WriteNext() {
    if (next_ == messages_.size()) {
      StartWritesDone();
      return;
    }
    grpc::Slice slice(messages_[next_]);
    ++next_;
    write_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&write_);
  }

  grpc::GenericStub stub_;
  grpc::ClientContext context_;
  const std::vector<std::string> messages_;
  size_t next_ = 0;
  grpc::ByteBuffer write_;
  grpc::ByteBuffer read_;
  std::vector<std::string> answers_;
  std::promise<grpc::Status> done_;
};

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_INTEGRATION_RAW_STREAM_H_
