#pragma once
// Runs one export at a time on its own short-lived thread, so applying the generator to a 24 MP photo never
// blocks the window (docs/contributing.md, "Threading"). Cancel is an atomic the engine polls between tiles.
//
// Thread affinity: GUI thread; every signal is emitted there. The ExportFunction runs on the export thread.
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "ExportRequest.h"

class QThread;

namespace hrstyle {

class ImageExporter : public QObject {
    Q_OBJECT
public:
    explicit ImageExporter(ExportFunction function, QObject* parent = nullptr);
    ~ImageExporter() override;  // cancels a running export and joins its thread (never terminate())

    bool isAvailable() const { return static_cast<bool>(m_function); }
    bool isRunning() const { return m_thread != nullptr; }

    // False (and nothing emitted) while another export runs or without an export function or model;
    // otherwise exactly one of finished / failed / cancelled follows, asynchronously.
    bool start(const ExportRequest& request);

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void progressed(double fraction);
    void finished(const QString& path);
    void failed(const QString& path, const QString& reason);
    void cancelled(const QString& path);

private:
    void onDone(const QString& path, const Status& status);

    ExportFunction m_function;
    std::shared_ptr<std::atomic<bool>> m_cancel;  // shared with the running job, which may outlive a cancel
    QThread* m_thread = nullptr;                  // owned while running; deleteLater'd when done
};

}  // namespace hrstyle
