#include <QtTest>
class TstImageIO : public QObject { Q_OBJECT
private Q_SLOTS:
    void placeholder() { QSKIP("being written"); }
};
QTEST_GUILESS_MAIN(TstImageIO)
#include "tst_ImageIO.moc"
