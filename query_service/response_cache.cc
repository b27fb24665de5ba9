#include "query_service/response_cache.h"

#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"

namespace govreport {

absl::Status ResponseCacheOptions::Validate() const {
  if (capacity_bytes < 0 || capacity_bytes > (int64_t{1} << 40)) {
    return absl::InvalidArgumentError(
        absl::StrCat("response cache capacity: ", capacity_bytes,
                     " bytes is out of range (0 to 1 TiB)"));
  }
  return absl::OkStatus();
}

ResponseCache::ResponseCache(const ResponseCacheOptions& options)
    : shard_capacity_(static_cast<size_t>(options.capacity_bytes) / kShards) {}

void ResponseCache::Shard::Erase(std::list<Entry>::iterator entry) {
  bytes -= entry->charge;
  index.erase(entry->key);
  order.erase(entry);
}

ResponseCache::Shard& ResponseCache::ShardOf(std::string_view key) {
  return shards_[absl::Hash<std::string_view>{}(key) % kShards];
}

std::shared_ptr<const std::string> ResponseCache::Lookup(
    std::string_view key, const Version& version) {
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) {
    ++shard.misses;
    return nullptr;
  }
  std::list<Entry>::iterator entry = found->second;
  if (!(entry->version == version)) {
    // Read at another state of the database: it will never be an answer
    // again (versions only move forward), so its bytes are freed now.
    ++shard.misses;
    shard.Erase(entry);
    return nullptr;
  }
  ++shard.hits;
  shard.order.splice(shard.order.begin(), shard.order, entry);
  return entry->answer;
}

void ResponseCache::Insert(std::string_view key, const Version& version,
                           std::shared_ptr<const std::string> answer) {
  const size_t charge = key.size() + answer->size() + kEntryOverhead;
  if (charge > shard_capacity_ / 4) return;
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  if (auto found = shard.index.find(key); found != shard.index.end()) {
    shard.Erase(found->second);
  }
  shard.order.push_front(
      Entry{std::string(key), version, std::move(answer), charge});
  shard.index.emplace(shard.order.front().key, shard.order.begin());
  shard.bytes += charge;
  while (shard.bytes > shard_capacity_)
    shard.Erase(std::prev(shard.order.end()));
}

ResponseCache::Stats ResponseCache::stats() const {
  Stats stats;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    stats.hits += shard.hits;
    stats.misses += shard.misses;
    stats.entries += shard.order.size();
    stats.bytes += shard.bytes;
  }
  return stats;
}

}  // namespace govreport
