#pragma once
// Connects the window's training controls and the Document to training (TrainingController): the document's
// images, settings and live weights become the training setup, training results become previews (into the
// document), chart points, progress and messages.
//
// Thread affinity: GUI thread. Owns nothing; AppSession owns the pieces.
#include <QImage>
#include <QObject>

#include "Document.h"
#include "TrainingBackend.h"
#include "TrainingController.h"

namespace hrstyle {

namespace ui {
class MainWindow;
}

class TrainingPresenter : public QObject {
    Q_OBJECT
public:
    TrainingPresenter(ui::MainWindow& window, Document& document, TrainingController& controller,
                      QObject* parent = nullptr);

private:
    void connectWindow();
    void connectDocument();
    void connectController();
    void onTrain();
    void onReset();
    void onStateChanged();
    void onRunStarted(const SessionInfo& info, int firstStep, int lastStep);
    void onLosses(const QVector<LossSample>& samples);
    void onWeightsApplied(int step);
    void onFinished(bool cancelled, int stepsDone);
    void onFailed(const QString& message, ErrorKind kind);
    void updateSetup();
    void updateButtons();

    ui::MainWindow& m_window;
    Document& m_document;
    TrainingController& m_controller;
    bool m_freshRunRequested = false;
    int m_chartStepOffset = 0;  // added to engine steps so the chart keeps growing across warm starts
    int m_lastPlottedStep = -1;
    LossWeights m_lastRunWeights;
};

}  // namespace hrstyle
