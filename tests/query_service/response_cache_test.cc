#include "query_service/response_cache.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace govreport {
namespace {

std::shared_ptr<const std::string> Answer(std::string bytes) {
  return std::make_shared<const std::string>(std::move(bytes));
}

ResponseCacheOptions WithCapacity(int64_t bytes) {
  ResponseCacheOptions options;
  options.capacity_bytes = bytes;
  return options;
}

const int kReaderA = 0;
const int kReaderB = 1;

TEST(ResponseCacheTest, AnAnswerHoldsOnlyAtTheVersionItWasReadAt) {
  ResponseCache cache(ResponseCacheOptions{});
  const ResponseCache::Version v1{&kReaderA, 7};
  const ResponseCache::Version v2{&kReaderA, 8};
  const ResponseCache::Version other_reader{&kReaderB, 7};
  EXPECT_EQ(cache.Lookup("q", v1), nullptr);
  cache.Insert("q", v1, Answer("rows"));
  std::shared_ptr<const std::string> hit = cache.Lookup("q", v1);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, "rows");
  EXPECT_EQ(cache.Lookup("other", v1), nullptr);
  EXPECT_EQ(cache.Lookup("q", other_reader), nullptr);
  // The miss at another version dropped the entry: it never holds again.
  EXPECT_EQ(cache.Lookup("q", v1), nullptr);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);

  cache.Insert("q", v1, Answer("old"));
  EXPECT_EQ(cache.Lookup("q", v2), nullptr);
  cache.Insert("q", v2, Answer("new"));
  EXPECT_EQ(*cache.Lookup("q", v2), "new");
  const ResponseCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 5u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(stats.bytes, 1 + 3 + ResponseCache::kEntryOverhead);
}

TEST(ResponseCacheTest, InsertReplacesTheAnswerOfTheSameKey) {
  ResponseCache cache(ResponseCacheOptions{});
  const ResponseCache::Version v{&kReaderA, 1};
  cache.Insert("q", v, Answer("first"));
  cache.Insert("q", v, Answer("second"));
  EXPECT_EQ(*cache.Lookup("q", v), "second");
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, 1 + 6 + ResponseCache::kEntryOverhead);
}

TEST(ResponseCacheTest, StaysWithinItsCapacityAndKeepsWhatIsUsed) {
  const int64_t capacity = 16 * 4096;
  ResponseCache cache(WithCapacity(capacity));
  const ResponseCache::Version v{&kReaderA, 1};
  cache.Insert("kept", v, Answer(std::string(300, 'k')));
  for (int i = 0; i < 2000; ++i) {
    cache.Insert(absl::StrCat("query ", i), v, Answer(std::string(300, 'x')));
    ASSERT_NE(cache.Lookup("kept", v), nullptr) << "after " << i;
  }
  const ResponseCache::Stats stats = cache.stats();
  EXPECT_LE(stats.bytes, static_cast<uint64_t>(capacity));
  EXPECT_GT(stats.entries, 16u);
  EXPECT_LT(stats.entries, 2000u);
  // The oldest of the others are gone, the newest are held.
  EXPECT_EQ(cache.Lookup("query 0", v), nullptr);
  EXPECT_NE(cache.Lookup("query 1999", v), nullptr);
}

TEST(ResponseCacheTest, AnAnswerOverAQuarterOfAShardIsNotHeld) {
  const int64_t capacity = 16 * 4096;
  ResponseCache cache(WithCapacity(capacity));
  const ResponseCache::Version v{&kReaderA, 1};
  const size_t largest = 4096 / 4 - 1 - ResponseCache::kEntryOverhead;
  cache.Insert("a", v, Answer(std::string(largest, 'a')));
  cache.Insert("b", v, Answer(std::string(largest + 1, 'b')));
  EXPECT_NE(cache.Lookup("a", v), nullptr);
  EXPECT_EQ(cache.Lookup("b", v), nullptr);
}

TEST(ResponseCacheTest, ThreadsShareItSafely) {
  const int64_t capacity = 16 * 8192;
  ResponseCache cache(WithCapacity(capacity));
  std::atomic<uint64_t> lookups{0};
  std::atomic<uint64_t> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) {
        const std::string key = absl::StrCat("q", (i * 7 + t) % 300);
        const ResponseCache::Version v{&kReaderA,
                                       static_cast<uint64_t>(i / 5000)};
        ++lookups;
        if (std::shared_ptr<const std::string> hit = cache.Lookup(key, v)) {
          if (*hit != absl::StrCat(key, "@", v.sequence)) ++wrong;
        } else {
          cache.Insert(key, v, Answer(absl::StrCat(key, "@", v.sequence)));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const ResponseCache::Stats stats = cache.stats();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_EQ(stats.hits + stats.misses, lookups.load());
  EXPECT_GT(stats.hits, 0u);
  EXPECT_LE(stats.bytes, static_cast<uint64_t>(capacity));
}

TEST(ResponseCacheTest, OptionsAreValidatedOnce) {
  EXPECT_TRUE(ResponseCacheOptions{}.Validate().ok());
  EXPECT_TRUE(WithCapacity(0).Validate().ok());
  EXPECT_TRUE(WithCapacity(int64_t{1} << 40).Validate().ok());
  for (int64_t bad : {int64_t{-1}, (int64_t{1} << 40) + 1}) {
    absl::Status status = WithCapacity(bad).Validate();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("out of range"), std::string::npos);
  }
}

}  // namespace
}  // namespace govreport
