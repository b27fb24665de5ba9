#ifndef GOVREPORT_QUERY_SERVICE_RESPONSE_CACHE_H_
#define GOVREPORT_QUERY_SERVICE_RESPONSE_CACHE_H_

// Answers of recent queries, in their wire format, kept for as long as the
// database they were read from has not changed: a repeated query is answered
// without a read. Dashboards and comparisons ask the same few questions over
// and over; between two ingests their answers cannot change.
//
// Example (query_service/query_service.cc):
//   ResponseCache cache(ResponseCacheOptions{});
//   const ResponseCache::Version version{reader, reader->SequenceNumber()};
//   if (auto hit = cache.Lookup(key, version)) return *hit;
//   std::string answer = ...;  // read at `version` or later
//   cache.Insert(key, version, answer);

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace govreport {

// Options of a ResponseCache.
struct ResponseCacheOptions {
  // Bytes of keys and answers held at most, with a fixed charge per entry
  // for its bookkeeping. 0 to 1 TiB; a service keeps no cache at 0.
  int64_t capacity_bytes = int64_t{64} << 20;

  // OK, or InvalidArgument naming the field out of range.
  absl::Status Validate() const;
};

// A bounded map from a query (its method and request, as bytes the caller
// makes) to its answer, each entry tagged with the database state it was
// read at. An entry is an answer only while the database is in that same
// state: a lookup at another state misses and drops the entry. Split into
// shards, each with its own lock and its own least-recently-used order;
// when a shard is over its share of the capacity, its least recently used
// entries go.
//
// Thread-safe.
class ResponseCache final {
 public:
  // The state of a database: which reader (the follower keeps one for the
  // server's life) and the last sequence number it had seen. Two equal
  // versions hold the same data. A version must be taken before the read
  // whose answer is tagged with it: an answer read later can only be
  // newer, and then misses, never serves stale data.
  struct Version {
    const void* reader = nullptr;
    uint64_t sequence = 0;

    bool operator==(const Version& other) const {
      return reader == other.reader && sequence == other.sequence;
    }
  };

  // What the cache has done since it was made.
  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    // Entries and bytes held now.
    uint64_t entries = 0;
    uint64_t bytes = 0;
  };

  // `options` must be valid and have a capacity above 0.
  explicit ResponseCache(const ResponseCacheOptions& options);

  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The answer held for `key` at `version`, or nullptr (a miss) when there
  // is none or it was read at another version.
  std::shared_ptr<const std::string> Lookup(std::string_view key,
                                            const Version& version);

  // Holds `answer` as the answer to `key` at `version`, in place of any
  // earlier one. An answer larger than a quarter of a shard's share is not
  // held: one large page must not empty the cache.
  void Insert(std::string_view key, const Version& version,
              std::shared_ptr<const std::string> answer);

  Stats stats() const;

  // Bytes an entry is charged beyond its key and answer.
  static constexpr size_t kEntryOverhead = 128;

 private:
  struct Entry {
    std::string key;
    Version version;
    std::shared_ptr<const std::string> answer;
    size_t charge = 0;
  };

  // A share of the entries, by the hash of their keys.
  struct Shard {
    mutable absl::Mutex mu;
    // Most recently used first. The map's keys view the entries' own keys,
    // which do not move while the entry is in the list.
    std::list<Entry> order ABSL_GUARDED_BY(mu);
    absl::flat_hash_map<std::string_view, std::list<Entry>::iterator> index
        ABSL_GUARDED_BY(mu);
    size_t bytes ABSL_GUARDED_BY(mu) = 0;
    uint64_t hits ABSL_GUARDED_BY(mu) = 0;
    uint64_t misses ABSL_GUARDED_BY(mu) = 0;

    // Removes `entry` from the list and the index.
    void Erase(std::list<Entry>::iterator entry)
        ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  };

  Shard& ShardOf(std::string_view key);

  static constexpr size_t kShards = 16;

  const size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace govreport

#endif  // GOVREPORT_QUERY_SERVICE_RESPONSE_CACHE_H_
