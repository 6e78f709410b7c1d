// hrstyle/Memory.h: the cache of large CPU buffers in front of LibTorch's allocator.
#include <QtTest>
#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <cstdint>
#include <cstring>

#include "hrstyle/Memory.h"

class TstBufferCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { hrstyle::configureAllocator(); }

    void reusesAFreedLargeBlockOfTheSameSize() {
        hrstyle::releaseFreeMemory();
        const void* first = nullptr;
        {
            const torch::Tensor a = torch::ones({1, 64, 128, 128});  // 4 MB
            first = a.data_ptr();
            QCOMPARE(hrstyle::cachedFreeBytes(), std::size_t{0});
        }
        QCOMPARE(hrstyle::cachedFreeBytes(), std::size_t{4} << 20);  // kept, not returned to the system
        const torch::Tensor b = torch::zeros({1, 64, 128, 128});
        QCOMPARE(hrstyle::cachedFreeBytes(), std::size_t{0});
        QCOMPARE(b.data_ptr(), first);
        QCOMPARE(b.sum().item<double>(), 0.0);  // a reused block holds the new tensor's values, not the old
    }

    void liveBlocksAreNeverShared() {
        const torch::Tensor a = torch::full({1 << 20}, 1.0f);
        const torch::Tensor b = torch::full({1 << 20}, 2.0f);
        QVERIFY(a.data_ptr() != b.data_ptr());
        QCOMPARE(a.sum().item<double>(), double(1 << 20));
    }

    void smallBlocksAreNotCached() {
        hrstyle::releaseFreeMemory();
        { const torch::Tensor small = torch::ones({1000}); }
        QCOMPARE(hrstyle::cachedFreeBytes(), std::size_t{0});
    }

    void smallAndRawAllocationsRoundTrip() {
        c10::Allocator* allocator = c10::GetCPUAllocator();
        for (std::size_t bytes : {std::size_t{64}, std::size_t{8} << 20}) {
            void* raw = allocator->raw_allocate(bytes);
            QVERIFY(raw != nullptr);
            QCOMPARE(reinterpret_cast<std::uintptr_t>(raw) % 64, std::uintptr_t{0});  // LibTorch's alignment
            std::memset(raw, 1, bytes);
            allocator->raw_deallocate(raw);
        }
        const torch::Tensor small = torch::arange(10);
        QCOMPARE(small.sum().item<int64_t>(), int64_t{45});
    }

    void releaseKeepsLiveTensorsIntact() {
        const torch::Tensor kept = torch::full({1 << 21}, 3.0f);
        { const torch::Tensor dropped = torch::ones({1 << 21}); }
        QVERIFY(hrstyle::cachedFreeBytes() >= std::size_t{8} << 20);
        hrstyle::releaseFreeMemory();
        QCOMPARE(hrstyle::cachedFreeBytes(), std::size_t{0});
        QCOMPARE(kept.sum().item<double>(), 3.0 * (1 << 21));
        const torch::Tensor again = torch::ones({1 << 21});
        QCOMPARE(again.sum().item<double>(), double(1 << 21));
    }
};

QTEST_GUILESS_MAIN(TstBufferCache)
#include "tst_BufferCache.moc"
