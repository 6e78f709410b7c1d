#pragma once
// Runs a preset's instant preview (load its generator, stylise the photo) on a short-lived thread, so the
// window never waits for inference (docs/contributing.md, "Threading"). The newest request wins: a result for an
// older one (the user applied another preset meanwhile) is dropped.
//
// Thread affinity: GUI thread; signals are emitted there. The PresetPreviewFunction runs on the job thread.
#include <QHash>
#include <QObject>

#include "PresetEngine.h"

class QThread;

namespace hrstyle {

class PresetPreviewer : public QObject {
    Q_OBJECT
public:
    explicit PresetPreviewer(PresetPreviewFunction function, QObject* parent = nullptr);
    ~PresetPreviewer() override;  // joins running jobs (inference ends by itself; never terminate())

    bool isAvailable() const { return static_cast<bool>(m_function); }
    bool isRunning() const { return !m_threads.isEmpty(); }

    // False without a preview function; otherwise ready or failed follows for this request unless a newer
    // request is made first.
    bool start(const QString& presetName, const QString& generatorPath, const QString& contentPath, int longSide);

Q_SIGNALS:
    void ready(const QString& presetName, const hrstyle::PresetPreview& preview);
    void failed(const QString& presetName, const QString& reason);

private:
    void onDone(int request, const QString& presetName, const Result<PresetPreview>& result);

    PresetPreviewFunction m_function;
    QHash<int, QThread*> m_threads;  // running jobs by request number, owned
    int m_newestRequest = 0;
};

}  // namespace hrstyle

Q_DECLARE_METATYPE(hrstyle::PresetPreview)
