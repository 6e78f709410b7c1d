// "Refine first" export through the real engine on tiny images with random-feature loss features:
// a refined export differs from a plain one and says so in its embedded settings; cancel during the refine
// steps keeps the previous file; the dialog's refine controls map into the request's refinement.
#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "ExportDialog.h"
#include "ExportPresenter.h"
#include "StylisedExport.h"
#include "hrstyle/ImageIO.h"

namespace hrstyle::test {

class tst_RefinedExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_content;
    QString m_style;
    StyleModelPtr m_model;

    static constexpr int kRefineSteps = 3;

    // A gradient photo and a checkerboard style, so that a few training steps visibly move the generator.
    static QImage pattern(int width, int height, bool checker) {
        QImage image(width, height, QImage::Format_RGB32);
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                image.setPixel(x, y, checker ? (((x / 4 + y / 4) % 2) ? qRgb(230, 40, 20) : qRgb(20, 40, 230))
                                             : qRgb(x * 5, y * 7, 128));
            }
        }
        return image;
    }

    ExportRequest request(const QString& fileName, int refineSteps) const {
        ExportRequest r;
        r.model = m_model;
        r.contentPath = m_content;
        r.stylePath = m_style;
        r.outputPath = m_dir.filePath(fileName);
        r.refine.steps = refineSteps;
        r.refine.workingSize = 1024;  // above the photo's 48 px: capped to it
        r.refine.params.learningRate = 1e-2;
        r.refine.lossNetworkPath = QString();  // empty: LossNetwork::randomFeatures()
        return r;
    }

    static QByteArray bytesOf(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static QJsonObject embeddedSettings(const QString& path) {
        const Result<Metadata> settings = readImageSettings(path.toStdString());
        return settings ? QJsonDocument::fromJson(QByteArray::fromStdString(metadataToJson(settings.value()))).object()
                        : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_content = m_dir.filePath(QStringLiteral("photo.png"));
        m_style = m_dir.filePath(QStringLiteral("style.png"));
        QVERIFY(pattern(48, 32, false).save(m_content));
        QVERIFY(pattern(32, 32, true).save(m_style));
        m_model = std::make_shared<const StyleModel>(StyleModel::initialised(5));
    }

    void refinedExport_differsAndSaysSo() {
        const std::atomic<bool> cancel{false};
        const ExportRequest plain = request(QStringLiteral("plain.png"), 0);
        const Status plainStatus = exportStylisedImage(plain, DeviceChoice::Cpu, {}, cancel);
        QVERIFY2(plainStatus.ok(), plainStatus.ok() ? "" : plainStatus.error().c_str());

        const ExportRequest refined = request(QStringLiteral("refined.png"), kRefineSteps);
        std::vector<double> fractions;
        const Status refinedStatus =
            exportStylisedImage(refined, DeviceChoice::Cpu, [&](double f) { fractions.push_back(f); }, cancel);
        QVERIFY2(refinedStatus.ok(), refinedStatus.ok() ? "" : refinedStatus.error().c_str());

        const QImage plainImage(plain.outputPath);
        const QImage refinedImage(refined.outputPath);
        QCOMPARE(refinedImage.size(), QSize(48, 32));  // still the original's full size
        QVERIFY(plainImage != refinedImage);

        QVERIFY(fractions.size() > static_cast<size_t>(kRefineSteps));  // each refine step, then the apply
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(fractions.back(), 1.0);

        const QJsonObject refinedSettings = embeddedSettings(refined.outputPath);
        QCOMPARE(refinedSettings.value(QStringLiteral("refine_steps")).toString(), QString::number(kRefineSteps));
        QCOMPARE(refinedSettings.value(QStringLiteral("refine_size")).toString(), QStringLiteral("48"));
        QCOMPARE(refinedSettings.value(QStringLiteral("content")).toString(), QStringLiteral("photo.png"));
        QVERIFY(!embeddedSettings(plain.outputPath).contains(QStringLiteral("refine_steps")));
    }

    void cancelDuringRefine_keepsThePreviousFile() {
        const ExportRequest r = request(QStringLiteral("previous.png"), 1000);
        const QByteArray old("previous export");
        {
            QFile previous(r.outputPath);
            QVERIFY(previous.open(QIODevice::WriteOnly));
            QCOMPARE(previous.write(old), old.size());
        }
        std::atomic<bool> cancel{false};
        double lastFraction = 0.0;
        // Cancel from the first refine step's progress: the export must stop long before its 1000 steps.
        const Status status = exportStylisedImage(r, DeviceChoice::Cpu, [&](double f) {
            lastFraction = f;
            cancel = true;
        }, cancel);
        QVERIFY(!status.ok());
        QCOMPARE(QString::fromStdString(status.error()), QString::fromLatin1(StyleModel::kCancelledMessage));
        QVERIFY(lastFraction < 0.1);  // stopped within the first refine steps
        QCOMPARE(bytesOf(r.outputPath), old);
    }

    void dialogRefineControls_mapIntoTheRequest_data() {
        QTest::addColumn<bool>("checked");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("photoLongSide");
        QTest::addColumn<int>("expectedSteps");
        QTest::addColumn<int>("expectedSize");
        QTest::newRow("off by default") << false << 50 << 1024 << 4000 << 0 << 1024;
        QTest::newRow("on") << true << 20 << 768 << 4000 << 20 << 768;
        QTest::newRow("capped at the photo") << true << 50 << 1024 << 600 << 50 << 600;
    }

    void dialogRefineControls_mapIntoTheRequest() {
        QFETCH(bool, checked);
        QFETCH(int, steps);
        QFETCH(int, size);
        QFETCH(int, photoLongSide);
        QFETCH(int, expectedSteps);
        QFETCH(int, expectedSize);
        ui::ExportDialog dialog;
        QVERIFY(!dialog.choice().refine);  // off until asked for
        dialog.setMaxRefineSize(photoLongSide);
        auto* refine = dialog.findChild<QCheckBox*>(QStringLiteral("refine"));
        auto* stepsBox = dialog.findChild<QSpinBox*>(QStringLiteral("refineSteps"));
        auto* sizeBox = dialog.findChild<QSpinBox*>(QStringLiteral("refineSize"));
        QVERIFY(refine && stepsBox && sizeBox);
        QVERIFY(!stepsBox->isEnabled());
        refine->setChecked(checked);
        QCOMPARE(stepsBox->isEnabled(), checked);
        stepsBox->setValue(steps);
        sizeBox->setValue(size);

        TrainingSetup setup;
        setup.params.learningRate = 2e-3;
        setup.params.seed = 42;
        setup.params.styleSize = 256;
        setup.lossNetworkPath = QStringLiteral("/weights/vgg19.safetensors");
        LossWeights weights;
        weights.content = 7.0;
        const ExportRefinement refinement = refinementFor(dialog.choice(), setup, weights);
        QCOMPARE(refinement.steps, expectedSteps);
        QCOMPARE(refinement.enabled(), checked);
        QCOMPARE(refinement.workingSize, expectedSize);
        QCOMPARE(refinement.params.learningRate, 2e-3);
        QCOMPARE(refinement.params.seed, std::uint64_t{42});
        QCOMPARE(refinement.params.styleSize, 256);
        QCOMPARE(refinement.params.weights.content, 7.0);  // the sliders' weights, not the setup's stale copy
        QCOMPARE(refinement.lossNetworkPath.value_or(QString()), QStringLiteral("/weights/vgg19.safetensors"));
    }
};

}  // namespace hrstyle::test

QTEST_MAIN(hrstyle::test::tst_RefinedExport)
#include "tst_RefinedExport.moc"
