#include "ImageExporter.h"

#include <QPointer>
#include <QThread>

#include <exception>

namespace hrstyle {

ImageExporter::ImageExporter(ExportFunction function, QObject* parent)
    : QObject(parent), m_function(std::move(function)) {}

ImageExporter::~ImageExporter() {
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();  // the engine stops within one tile once cancel is set
        delete m_thread;
    }
}

bool ImageExporter::start(const ExportRequest& request) {
    if (isRunning() || !m_function || !request.model) {
        return false;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    QPointer<ImageExporter> self(this);
    m_thread = QThread::create([self, function = m_function, request, cancel = m_cancel] {
        // Progress comes from the engine's thread: post it to the GUI thread, newest value wins.
        const ExportProgress onProgress = [self](double fraction) {
            QMetaObject::invokeMethod(self, [self, fraction] { if (self) Q_EMIT self->progressed(fraction); },
                                      Qt::QueuedConnection);
        };
        Status status = Ok{};
        try {  // last-resort catch (docs/contributing.md, "Errors"): nothing escapes the thread
            status = function(request, onProgress, *cancel);
        } catch (const std::exception& e) {
            status = Error{std::string("unexpected error: ") + e.what()};
        }
        QMetaObject::invokeMethod(self, [self, path = request.outputPath, status] {
            if (self) self->onDone(path, status);
        }, Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("hrstyle-export"));
    m_thread->start();
    return true;
}

void ImageExporter::cancel() {
    if (m_cancel) {
        m_cancel->store(true);
    }
}

void ImageExporter::onDone(const QString& path, const Status& status) {
    m_thread->wait();  // the job has returned; this only joins
    m_thread->deleteLater();
    m_thread = nullptr;
    const bool wasCancelled = m_cancel->load();
    if (status) {
        Q_EMIT finished(path);
    } else if (wasCancelled || status.errorKind() == ErrorKind::Cancelled) {
        Q_EMIT cancelled(path);
    } else {
        Q_EMIT failed(path, QString::fromStdString(status.error()));
    }
}

}  // namespace hrstyle
