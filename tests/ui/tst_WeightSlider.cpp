// WeightSlider: the log mapping, and that user edits (a real slider drag, typing in the spin box) change the
// weight while programmatic changes stay silent.
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTest>

#include <cmath>

#include "WeightSlider.h"

namespace hrstyle::ui::test {

class tst_WeightSlider : public QObject {
    Q_OBJECT

private:
    static QPoint handleCenter(QSlider* slider) {
        QStyleOptionSlider option;
        option.initFrom(slider);
        option.orientation = slider->orientation();
        option.minimum = slider->minimum();
        option.maximum = slider->maximum();
        option.sliderPosition = slider->sliderPosition();
        option.sliderValue = slider->value();
        return slider->style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, slider).center();
    }

private Q_SLOTS:
    void logMapping_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("position");
        QTest::newRow("minimum") << 0.001 << 0;
        QTest::newRow("maximum") << 1000.0 << WeightSlider::kSliderSteps;
        QTest::newRow("geometric middle") << 1.0 << WeightSlider::kSliderSteps / 2;
        QTest::newRow("below range clamps") << 1e-9 << 0;
        QTest::newRow("above range clamps") << 1e9 << WeightSlider::kSliderSteps;
    }

    void logMapping() {
        QFETCH(double, value);
        QFETCH(int, position);
        const WeightSlider slider(QStringLiteral("w"), 0.001, 1000.0);
        QCOMPARE(slider.positionFor(value), position);
    }

    void valueAt_roundsToThreeSignificantDigits() {
        const WeightSlider slider(QStringLiteral("w"), 0.01, 1e5);
        for (int position = 0; position <= WeightSlider::kSliderSteps; position += 37) {
            const double value = slider.valueAt(position);
            const double scaled = value / std::pow(10.0, std::floor(std::log10(value)) - 2);
            QVERIFY2(std::abs(scaled - std::round(scaled)) < 1e-6, qPrintable(QString::number(value)));
            QVERIFY(std::abs(slider.positionFor(value) - position) <= 2);  // rounding moves it by little
        }
    }

    void setValue_updatesEditorsSilently() {
        WeightSlider slider(QStringLiteral("w"), 0.01, 1e5);
        QSignalSpy edited(&slider, &WeightSlider::valueEdited);
        slider.setValue(150.0);
        QCOMPARE(slider.value(), 150.0);
        QCOMPARE(slider.spinBox()->value(), 150.0);
        QCOMPARE(slider.slider()->value(), slider.positionFor(150.0));
        QCOMPARE(edited.count(), 0);
    }

    void sliderDrag_changesWeight() {
        WeightSlider slider(QStringLiteral("Style weight"), 0.001, 1000.0);
        slider.resize(300, 60);
        slider.setValue(1.0);
        slider.show();
        QVERIFY(QTest::qWaitForWindowExposed(&slider));
        QSignalSpy edited(&slider, &WeightSlider::valueEdited);

        QSlider* bar = slider.slider();
        const QPoint start = handleCenter(bar);
        QTest::mousePress(bar, Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(bar, start + QPoint(bar->width() / 4, 0));
        QTest::mouseRelease(bar, Qt::LeftButton, Qt::NoModifier, start + QPoint(bar->width() / 4, 0));

        QVERIFY(edited.count() >= 1);
        const double dragged = edited.last().at(0).toDouble();
        QVERIFY2(dragged > 2.0, qPrintable(QString::number(dragged)));  // a quarter of 6 decades: ~x30
        QCOMPARE(slider.value(), dragged);
        QCOMPARE(slider.spinBox()->value(), dragged);
    }

    void typingExactValue_movesSlider() {
        WeightSlider slider(QStringLiteral("Content weight"), 0.01, 1e5);
        slider.show();
        QVERIFY(QTest::qWaitForWindowExposed(&slider));
        QSignalSpy edited(&slider, &WeightSlider::valueEdited);
        QDoubleSpinBox* box = slider.spinBox();
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, QStringLiteral("123.456"));
        QCOMPARE(edited.count(), 0);  // no keyboard tracking: "1", "12"... would each start training
        QTest::keyClick(box, Qt::Key_Return);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.at(0).at(0).toDouble(), 123.456);
        QCOMPARE(slider.slider()->value(), slider.positionFor(123.456));
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_WeightSlider)
#include "tst_WeightSlider.moc"
