// FlatAdam (engine-internal): the seed's Adam over all parameters as one flat tensor must update exactly as
// torch::optim::Adam does, keep each parameter's memory layout, and let backward accumulate into it.
#include <QtTest>
#include <torch/torch.h>

#include "FlatAdam.h"

namespace {

// A tiny network with a channels-last 4-d weight, a bias and a 2-d weight: every layout FlatAdam meets.
struct TinyNet {
    torch::Tensor convWeight = torch::randn({4, 3, 3, 3}).contiguous(at::MemoryFormat::ChannelsLast).requires_grad_();
    torch::Tensor convBias = torch::randn({4}).requires_grad_();
    torch::Tensor linearWeight = torch::randn({2, 4}).requires_grad_();

    std::vector<torch::Tensor> parameters() const { return {convWeight, convBias, linearWeight}; }
    torch::Tensor loss(const torch::Tensor& x) const {
        const torch::Tensor features = torch::conv2d(x, convWeight, convBias).relu().mean({2, 3});
        return torch::mm(features, linearWeight.t()).pow(2).sum();
    }
};

TinyNet copyOf(const TinyNet& net) {
    TinyNet copy;
    torch::NoGradGuard noGrad;
    copy.convWeight.copy_(net.convWeight);
    copy.convBias.copy_(net.convBias);
    copy.linearWeight.copy_(net.linearWeight);
    return copy;
}

}  // namespace

class TstFlatAdam : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void updatesExactlyAsTorchAdam() {
        torch::manual_seed(7);
        const TinyNet reference;
        const TinyNet flat = copyOf(reference);
        const torch::Tensor initialWeight = flat.convWeight.detach().clone();
        torch::optim::Adam adam(reference.parameters(), torch::optim::AdamOptions(0.01));
        hrstyle::engine::FlatAdam flatAdam(flat.parameters());
        for (int step = 0; step < 5; ++step) {
            const torch::Tensor x = torch::randn({1, 3, 8, 8}).contiguous(at::MemoryFormat::ChannelsLast);
            const double rate = step < 3 ? 0.01 : 0.005;  // a schedule changes the rate between steps
            static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options()).lr(rate);
            adam.zero_grad();
            reference.loss(x).backward();
            adam.step();
            flatAdam.zeroGrad();
            flat.loss(x).backward();
            flatAdam.step(rate);
        }
        for (std::size_t i = 0; i < flat.parameters().size(); ++i) {
            QVERIFY(torch::equal(flat.parameters()[i], reference.parameters()[i]));
        }
        QVERIFY(!torch::equal(flat.convWeight, initialWeight));  // both moved: not two no-op updates
    }

    void keepsValuesAndLayouts() {
        torch::manual_seed(3);
        const TinyNet net;
        const torch::Tensor before = net.convWeight.detach().clone();
        hrstyle::engine::FlatAdam flatAdam(net.parameters());
        QVERIFY(torch::equal(net.convWeight, before));
        QVERIFY(net.convWeight.is_contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY(net.convWeight.requires_grad());
    }

    void snapshotRestoresEveryParameter() {
        torch::manual_seed(5);
        const TinyNet net;
        hrstyle::engine::FlatAdam flatAdam(net.parameters());
        const torch::Tensor saved = flatAdam.snapshot();
        const torch::Tensor weightBefore = net.linearWeight.detach().clone();
        flatAdam.zeroGrad();
        net.loss(torch::randn({1, 3, 8, 8})).backward();
        flatAdam.step(0.1);
        QVERIFY(!torch::equal(net.linearWeight, weightBefore));
        flatAdam.restore(saved);
        QVERIFY(torch::equal(net.linearWeight, weightBefore));
    }
};

QTEST_GUILESS_MAIN(TstFlatAdam)
#include "tst_FlatAdam.moc"
