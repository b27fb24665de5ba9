#ifndef GOVREPORT_INGEST_SERVICE_INGEST_SERVICE_H_
#define GOVREPORT_INGEST_SERVICE_INGEST_SERVICE_H_

#include "govreport/v1/ingest.grpc.pb.h"
#include "ingest_service/ingester.h"

namespace govreport {

// The gRPC edge of the ingest service (callback API): converts requests,
// calls the Ingester, converts back and maps the status.
//
// Thread-safe. StreamIngest reads the next report only after the current
// one is stored and answered, so HTTP/2 flow control throttles a client
// that sends faster than the database writes.
class IngestServiceImpl final
    : public govreport::v1::IngestService::CallbackService {
 public:
  // `ingester` is borrowed and must outlive the service.
  explicit IngestServiceImpl(const Ingester& ingester);

  grpc::ServerUnaryReactor* IngestReport(
      grpc::CallbackServerContext* context,
      const govreport::v1::IngestReportRequest* request,
      govreport::v1::IngestReportResponse* response) override;

  grpc::ServerBidiReactor<govreport::v1::StreamIngestRequest,
                          govreport::v1::StreamIngestResponse>*
  StreamIngest(grpc::CallbackServerContext* context) override;

  grpc::ServerUnaryReactor* DeleteReport(
      grpc::CallbackServerContext* context,
      const govreport::v1::DeleteReportRequest* request,
      govreport::v1::DeleteReportResponse* response) override;

  grpc::ServerUnaryReactor* Analyze(
      grpc::CallbackServerContext* context,
      const govreport::v1::AnalyzeRequest* request,
      govreport::v1::AnalyzeResponse* response) override;

 private:
  const Ingester& ingester_;
};

}  // namespace govreport

#endif  // GOVREPORT_INGEST_SERVICE_INGEST_SERVICE_H_
