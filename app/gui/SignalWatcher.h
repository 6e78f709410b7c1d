#pragma once
// Turns SIGINT/SIGTERM into a Qt signal, so `kill` or Ctrl+C quit through the same clean path as closing the
// window (stop training, join the thread). The self-pipe trick from Qt's "Calling Qt Functions From Unix
// Signal Handlers": the handler only writes a byte; a QSocketNotifier reads it on the GUI thread.
#include <QObject>

class QSocketNotifier;

namespace hrstyle {

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested();

private:
    QSocketNotifier* m_notifier = nullptr;
};

}  // namespace hrstyle
