// The preset dock as a widget: lists names with thumbnails, keeps the selection across refreshes, enables
// the per-preset actions only with a selection, and turns them (and a double-click) into requests by name.
#include <QAction>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

#include "PresetPanel.h"

namespace hrstyle::ui::test {

class tst_PresetPanel : public QObject {
    Q_OBJECT

private:
    static QList<PresetItem> items(const QStringList& names) {
        QList<PresetItem> list;
        for (const QString& name : names) {
            QImage thumbnail(40, 30, QImage::Format_RGB32);
            thumbnail.fill(Qt::darkYellow);
            list << PresetItem{name, name == QStringLiteral("none") ? QImage() : thumbnail, QString(), false};
        }
        return list;
    }

private Q_SLOTS:
    void listsNamesAndThumbnails() {
        PresetPanel panel;
        panel.setPresets(items({QStringLiteral("Dusk"), QStringLiteral("none")}));
        QCOMPARE(panel.names(), (QStringList{QStringLiteral("Dusk"), QStringLiteral("none")}));
        QCOMPARE(panel.thumbnail(QStringLiteral("Dusk")).size(), QSize(40, 30));
        QVERIFY(panel.thumbnail(QStringLiteral("none")).isNull());
        QVERIFY(!panel.list()->item(1)->icon().isNull());  // a placeholder, so the grid stays even
    }

    void perPresetActions_needASelection() {
        PresetPanel panel;
        panel.setPresets(items({QStringLiteral("A")}));
        QVERIFY(panel.actions().save->isEnabled());
        QVERIFY(panel.actions().importPreset->isEnabled());
        for (QAction* action : {panel.actions().apply, panel.actions().rename, panel.actions().duplicate,
                                panel.actions().remove, panel.actions().exportPreset}) {
            QVERIFY(!action->isEnabled());
        }
        panel.selectName(QStringLiteral("A"));
        QVERIFY(panel.actions().remove->isEnabled());
    }

    void actionsAndDoubleClick_requestByName_data() {
        QTest::addColumn<QString>("action");
        QTest::newRow("apply") << "apply";
        QTest::newRow("rename") << "rename";
        QTest::newRow("duplicate") << "duplicate";
        QTest::newRow("remove") << "remove";
        QTest::newRow("export") << "export";
        QTest::newRow("double-click") << "double-click";
    }
    void actionsAndDoubleClick_requestByName() {
        QFETCH(QString, action);
        PresetPanel panel;
        panel.show();
        panel.setPresets(items({QStringLiteral("A"), QStringLiteral("B")}));
        panel.selectName(QStringLiteral("B"));
        const PresetPanel::Actions& a = panel.actions();
        const QHash<QString, std::pair<QAction*, void (PresetPanel::*)(const QString&)>> table{
            {QStringLiteral("apply"), {a.apply, &PresetPanel::applyRequested}},
            {QStringLiteral("rename"), {a.rename, &PresetPanel::renameRequested}},
            {QStringLiteral("duplicate"), {a.duplicate, &PresetPanel::duplicateRequested}},
            {QStringLiteral("remove"), {a.remove, &PresetPanel::removeRequested}},
            {QStringLiteral("export"), {a.exportPreset, &PresetPanel::exportRequested}},
            {QStringLiteral("double-click"), {nullptr, &PresetPanel::applyRequested}},
        };
        const auto [trigger, signal] = table.value(action);
        QSignalSpy spy(&panel, signal);
        if (trigger) {
            trigger->trigger();
        } else {
            QVERIFY(QTest::qWaitForWindowExposed(&panel));
            QListWidget* list = panel.list();
            const QPoint centre = list->visualItemRect(list->item(1)).center();
            // A real double-click is press, release, then the double-click event; the view activates on the
            // last only if the first press hit the same item.
            QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, centre);
            QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, centre);
        }
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), QStringLiteral("B"));
    }

    void refresh_keepsTheSelectionByName() {
        PresetPanel panel;
        panel.setPresets(items({QStringLiteral("A"), QStringLiteral("B")}));
        panel.selectName(QStringLiteral("B"));
        panel.setPresets(items({QStringLiteral("0"), QStringLiteral("A"), QStringLiteral("B")}));
        QCOMPARE(panel.currentName(), QStringLiteral("B"));
        panel.setPresets(items({QStringLiteral("A")}));
        QVERIFY(panel.currentName().isEmpty());
        QVERIFY(!panel.actions().apply->isEnabled());
    }
};

}  // namespace hrstyle::ui::test

QTEST_MAIN(hrstyle::ui::test::tst_PresetPanel)
#include "tst_PresetPanel.moc"
