// The oneDNN CPU fast path (core/src/engine/OneDnn.h) against LibTorch's operators: same values and the same
// gradients, on tiny random tensors (references in float64 where float32 LibTorch itself strays). Skipped in builds without oneDNN.
#include <QtTest>

#include "Criterion.h"
#include "Networks.h"
#include "OneDnn.h"

using namespace hrstyle::engine;

namespace {

// max |a - b| / max |b|: one number for a whole tensor, robust to entries near zero.
double relativeError(const torch::Tensor& a, const torch::Tensor& b) {
    const torch::Tensor difference = a.to(torch::kDouble) - b.to(torch::kDouble);
    return (difference.abs().max() / b.abs().max().clamp_min(1e-30)).item<double>();
}

torch::Tensor inDouble(const torch::Tensor& x) { return x.to(torch::kDouble).contiguous(); }

torch::Tensor channelsLast(const torch::Tensor& x) { return x.contiguous(at::MemoryFormat::ChannelsLast); }

// VGG19 conv shapes up to conv5_1 with He-scaled random weights: activations keep their scale through
// the 13 layers, as with trained weights.
VggWeights randomVgg() {
    VggWeights vgg;
    int64_t in = 3;
    for (int64_t out : {64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512}) {
        vgg.weights.push_back(channelsLast(torch::randn({out, in, 3, 3}) * std::sqrt(2.0 / (9.0 * in))));
        vgg.biases.push_back(torch::randn({out}) * 0.1);
        in = out;
    }
    return vgg;
}

VggWeights inDouble(const VggWeights& vgg) {
    VggWeights converted;
    for (const auto& w : vgg.weights) converted.weights.push_back(inDouble(w));
    for (const auto& b : vgg.biases) converted.biases.push_back(inDouble(b));
    return converted;
}

// vggForward() written out with LibTorch's operators, all 13 conv outputs (post-ReLU) in order.
std::vector<torch::Tensor> plainVgg(const VggWeights& vgg, torch::Tensor x) {
    constexpr bool kPoolAfter[13] = {false, true, false, true, false, false, false, true,
                                     false, false, false, true, false};
    std::vector<torch::Tensor> outputs;
    for (int i = 0; i < 13; ++i) {
        x = torch::relu(torch::conv2d(x, vgg.weights[i], vgg.biases[i], 1, 1));
        outputs.push_back(x);
        if (kPoolAfter[i]) x = torch::max_pool2d(x, 2, 2);
    }
    return outputs;
}

// A loss that reaches every tap with a different weight, so a misplaced tap gradient shows.
torch::Tensor tapLoss(const VggTaps& taps) {
    torch::Tensor loss = taps.content.square().mean() * 7.0;
    for (int t = 0; t < 5; ++t) loss = loss + taps.style[t].square().mean() * (t + 1);
    return loss;
}

}  // namespace

class TstCpuFastPath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        if (!oneDnnUsable(torch::zeros({1, 3, 4, 4}))) QSKIP("built without oneDNN (or HRSTYLE_REFERENCE_ORDER=1)");
        torch::manual_seed(3);
    }

    void instanceNormMatchesLibTorch_data() {
        QTest::addColumn<bool>("relu");
        QTest::addColumn<bool>("channelsLastInput");
        QTest::newRow("norm, channels-last") << false << true;
        QTest::newRow("norm+ReLU, channels-last") << true << true;
        QTest::newRow("norm+ReLU, NCHW") << true << false;
    }
    void instanceNormMatchesLibTorch() {
        QFETCH(bool, relu);
        QFETCH(bool, channelsLastInput);
        torch::Tensor x = torch::randn({1, 16, 13, 21}) * 3.0 + 1.0;
        if (channelsLastInput) x = channelsLast(x);
        x.requires_grad_(true);
        const torch::Tensor upstream = torch::randn({1, 16, 13, 21});  // NCHW: the function must convert it

        const torch::Tensor fast = oneDnnInstanceNorm(x, relu);
        fast.backward(upstream);
        const torch::Tensor fastGradient = x.grad().clone();
        x.mutable_grad().zero_();
        torch::Tensor plain = torch::instance_norm(x, {}, {}, {}, {}, true, 0.0, 1e-5, false);
        if (relu) plain = torch::relu(plain);
        plain.backward(upstream);

        QVERIFY2(relativeError(fast, plain) < 1e-5, "values");
        QVERIFY2(relativeError(fastGradient, x.grad()) < 1e-5, "input gradient");
    }

    void vggMatchesDoublePrecision() {
        const VggWeights vgg = randomVgg();
        // Odd sizes: every max-pool drops a row or column, as LibTorch's floor mode does.
        const torch::Tensor input = channelsLast(torch::randn({1, 3, 37, 45})).requires_grad_(true);
        const VggTaps fast = oneDnnVggForward(vgg, input, {});
        tapLoss(fast).backward();

        // The reference in float64 and NCHW: LibTorch 1.13's own float32 channels-last path is off by 7e-4
        // in the input gradient at these odd sizes (measured), the fast path by 2e-6.
        const torch::Tensor input64 = inDouble(input.detach()).requires_grad_(true);
        const std::vector<torch::Tensor> plain = plainVgg(inDouble(vgg), input64);
        const VggTaps plainTaps{{plain[0], plain[2], plain[4], plain[8], plain[12]}, plain[9]};
        tapLoss(plainTaps).backward();

        // Winograd F(4x4,3x3) rounds differently from direct convolution: ~1e-6 here, bounded at 1e-4.
        for (int t = 0; t < 5; ++t) QVERIFY2(relativeError(fast.style[t], plainTaps.style[t]) < 1e-4, "style tap");
        QVERIFY2(relativeError(fast.content, plainTaps.content) < 1e-4, "content tap");
        QVERIFY2(relativeError(input.grad(), input64.grad()) < 1e-4, "input gradient");
    }

    void vggCheckpointsCanAbandonTheBackwardPass() {
        const VggWeights vgg = randomVgg();
        const torch::Tensor input = channelsLast(torch::randn({1, 3, 16, 16})).requires_grad_(true);
        int calls = 0;
        bool backward = false;
        const Checkpoint checkpoint = [&] {
            ++calls;
            if (backward) throw std::runtime_error("cancelled");
        };
        const VggTaps taps = oneDnnVggForward(vgg, input, checkpoint);
        QCOMPARE(calls, 13);  // one per layer
        backward = true;
        QVERIFY_EXCEPTION_THROWN(tapLoss(taps).backward(), std::exception);
        QVERIFY(!input.grad().defined());
    }

    void upsampleMatchesLibTorch_data() {
        QTest::addColumn<int>("factor");
        QTest::newRow("x2") << 2;
        QTest::newRow("x4") << 4;
    }

    void upsampleMatchesLibTorch() {
        // Odd sizes, so the clamped edges and every phase of the interpolation show; values and input gradient.
        QFETCH(int, factor);
        const torch::Tensor x = channelsLast(torch::randn({1, 5, 7, 9})).requires_grad_(true);
        const torch::Tensor fast = oneDnnUpsampleBilinear(x, factor);
        const torch::Tensor reference = torch::nn::functional::interpolate(
            x, torch::nn::functional::InterpolateFuncOptions()
                   .scale_factor(std::vector<double>{double(factor), double(factor)})
                   .mode(torch::kBilinear)
                   .align_corners(false));
        QCOMPARE(fast.sizes(), reference.sizes());
        QVERIFY(relativeError(fast, reference) < 1e-6);
        const torch::Tensor weights = torch::randn_like(reference);
        const torch::Tensor fastGradient = torch::autograd::grad({(fast * weights).sum()}, {x})[0];
        const torch::Tensor referenceGradient = torch::autograd::grad({(reference * weights).sum()}, {x})[0];
        QVERIFY(relativeError(fastGradient, referenceGradient) < 1e-6);
    }

    void matrixProductMatchesMm() {
        // The Gram shapes: a transposed channels-last view times itself, and a tall matrix times a square one.
        const torch::Tensor positionsByChannels =
            channelsLast(torch::randn({1, 24, 9, 7})).permute({0, 2, 3, 1}).reshape({-1, 24});
        const torch::Tensor gram = matrixProduct(positionsByChannels.t(), positionsByChannels);
        QVERIFY(relativeError(gram, torch::mm(inDouble(positionsByChannels).t(), inDouble(positionsByChannels))) < 1e-6);
        const torch::Tensor square = torch::randn({24, 24});
        QVERIFY(relativeError(matrixProduct(positionsByChannels, square),
                              torch::mm(inDouble(positionsByChannels), inDouble(square))) < 1e-6);
    }

    void criterionGradientMatchesAutograd() {
        // Criterion's written-out Gram gradient (one GEMM) against autograd through gramMatrix().
        const VggWeights vgg = randomVgg();
        const torch::Tensor content = channelsLast(torch::randn({1, 3, 24, 20}));
        const torch::Tensor style = channelsLast(torch::randn({1, 3, 28, 32}));
        const Criterion criterion(vgg, content, style, /*randomFeatures=*/false);
        const hrstyle::LossWeights weights;
        const torch::Tensor output = channelsLast(torch::randn({1, 3, 24, 20})).requires_grad_(true);
        const LossTerms fast = criterion(output, weights);
        fast.total.backward();

        // The same loss written out with autograd through gramMatrix(), in float64 (see vggMatchesDoublePrecision).
        const VggWeights vgg64 = inDouble(vgg);
        const torch::Tensor output64 = inDouble(output.detach()).requires_grad_(true);
        torch::Tensor plainTotal;
        {
            torch::NoGradGuard noGrad;
            const std::vector<torch::Tensor> contentFeatures = plainVgg(vgg64, inDouble(content));
            const std::vector<torch::Tensor> styleFeatures = plainVgg(vgg64, inDouble(style));
            torch::AutoGradMode enable(true);
            const std::vector<torch::Tensor> features = plainVgg(vgg64, output64);
            torch::Tensor styleLoss = torch::zeros({}, torch::kDouble);
            const int taps[5] = {0, 2, 4, 8, 12};
            for (int l = 0; l < 5; ++l) {
                const torch::Tensor& f = features[taps[l]];
                const torch::Tensor error =
                    torch::mean(torch::pow(gramMatrix(f) - gramMatrix(styleFeatures[taps[l]]), 2));
                styleLoss = styleLoss + weights.layers[l] * error / (f.size(1) * f.size(2) * f.size(3));
            }
            const torch::Tensor contentLoss = torch::mean(torch::pow(features[9] - contentFeatures[9], 2));
            plainTotal = weights.content * contentLoss + weights.style * styleLoss;
            plainTotal.backward();
        }
        QVERIFY2(relativeError(fast.total, plainTotal) < 1e-4, "total loss");
        QVERIFY2(relativeError(output.grad(), output64.grad()) < 1e-4, "gradient");
    }

    void generatorMatchesLibTorchNormalisation() {
        // HRNet with the fast InstanceNorm(+ReLU) against the same net normalising through NormStatistics
        // (LibTorch's mean/variance arithmetic), values and parameter gradients.
        HRNet net;
        const torch::Tensor x = channelsLast(torch::randn({1, 3, 32, 24}));
        const torch::Tensor fast = net->forward(x);
        fast.square().mean().backward();
        std::vector<torch::Tensor> fastGradients;
        for (const auto& p : net->parameters()) fastGradients.push_back(p.grad().defined() ? p.grad().clone() : p.grad());
        net->zero_grad();
        NormStatistics norms;
        const torch::Tensor plain = net->forward(x, &norms);
        plain.square().mean().backward();

        QVERIFY2(relativeError(fast, plain) < 1e-5, "output");
        // One comparison over all gradients: a conv bias followed by InstanceNorm has a true gradient of zero
        // (the norm removes it), so its own relative error would compare rounding noise with rounding noise.
        std::vector<torch::Tensor> fastAll, plainAll;
        const auto parameters = net->parameters();
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            QCOMPARE(fastGradients[i].defined(), parameters[i].grad().defined());  // unused shortcuts: neither
            if (!fastGradients[i].defined()) continue;
            fastAll.push_back(fastGradients[i].flatten());
            plainAll.push_back(parameters[i].grad().flatten());
        }
        // oneDNN's normalisation sums in float32 (~5e-6 off a float64 reference at 256² positions, LibTorch
        // ~1e-7), and where a normalised value is within that of zero the ReLU mask flips: ~1e-3 here.
        QVERIFY2(relativeError(torch::cat(fastAll), torch::cat(plainAll)) < 1e-2, "parameter gradients");
    }
};

QTEST_GUILESS_MAIN(TstCpuFastPath)
#include "tst_CpuFastPath.moc"
