#include "PresetPreviewer.h"

#include <QPointer>
#include <QThread>

#include <exception>

namespace hrstyle {

PresetPreviewer::PresetPreviewer(PresetPreviewFunction function, QObject* parent)
    : QObject(parent), m_function(std::move(function)) {
    qRegisterMetaType<PresetPreview>();
}

PresetPreviewer::~PresetPreviewer() {
    for (QThread* thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

bool PresetPreviewer::start(const QString& presetName, const QString& generatorPath, const QString& contentPath,
                            int longSide) {
    if (!m_function) {
        return false;
    }
    const int request = ++m_newestRequest;
    QPointer<PresetPreviewer> self(this);
    QThread* thread = QThread::create([self, request, function = m_function, presetName, generatorPath,
                                       contentPath, longSide] {
        Result<PresetPreview> result = Error{"no result"};
        try {  // last-resort catch (docs/contributing.md, "Errors"): nothing escapes the thread
            result = function(generatorPath, contentPath, longSide);
        } catch (const std::exception& e) {
            result = Error{std::string("unexpected error: ") + e.what()};
        }
        QMetaObject::invokeMethod(self, [self, request, presetName, result] {
            if (self) self->onDone(request, presetName, result);
        }, Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("hrstyle-preset-preview"));
    m_threads.insert(request, thread);
    thread->start();
    return true;
}

void PresetPreviewer::onDone(int request, const QString& presetName, const Result<PresetPreview>& result) {
    if (QThread* thread = m_threads.take(request)) {
        thread->wait();  // the job has returned; this only joins
        thread->deleteLater();
    }
    if (request != m_newestRequest) {
        return;  // superseded by a newer apply
    }
    if (result) {
        Q_EMIT ready(presetName, result.value());
    } else {
        Q_EMIT failed(presetName, QString::fromStdString(result.error()));
    }
}

}  // namespace hrstyle
