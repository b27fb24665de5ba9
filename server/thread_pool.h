#ifndef GOVREPORT_SERVER_THREAD_POOL_H_
#define GOVREPORT_SERVER_THREAD_POOL_H_

// The worker threads of the services: gRPC callback handlers must not block,
// so the ingest service runs the pipeline and its synced writes here and the
// query service every call's reads.
//
// Example:
//   ThreadPool pool(8);
//   pool.Submit([call, work] { call->Answer(work(call->request())); });

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace govreport {

// A fixed set of threads running submitted tasks in submission order. gRPC
// callback handlers hand blocking work (pipeline, synced writes, database
// reads) to it, so that gRPC's own threads never block on disk.
//
// Thread-safe. The destructor runs every task already submitted, then joins.
class ThreadPool final {
 public:
  // Starts `threads` threads; one when `threads` is less than 1.
  explicit ThreadPool(int threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool();

  // Queues `task` to run on one of the threads.
  void Submit(std::function<void()> task);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  std::vector<std::thread> threads_;
};

}  // namespace govreport

#endif  // GOVREPORT_SERVER_THREAD_POOL_H_
