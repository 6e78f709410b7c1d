#pragma once
// The result pane: fit / 100% / wheel zoom around the cursor, drag to pan, and a before/after comparison
// (a draggable split line, or the original shown while a button is held).
//
// Zoom is in result pixels: 1.0 shows one result pixel per screen pixel ("100%"). The before image (the
// content photo, usually larger than the working size) is drawn into the same rectangle so they line up.
#include "ImageView.h"

namespace hrstyle::ui {

class ResultView : public ImageView {
    Q_OBJECT
public:
    static constexpr double kMinZoom = 0.05;
    static constexpr double kMaxZoom = 32.0;
    static constexpr double kWheelStep = 1.25;  // per wheel notch (120 eighths of a degree)

    explicit ResultView(QWidget* parent = nullptr);

    // A new result keeps the zoom and view position (a live preview must not jump), clamped to its size.
    void setImage(const QImage& image) override;
    void setBeforeImage(const QImage& image);

    bool isFitted() const { return m_fitted; }
    double zoom() const;  // current scale, also when fitted

    bool splitCompare() const { return m_splitCompare; }
    double splitPosition() const { return m_splitPosition; }  // 0..1 of the image width shown as "before"
    bool showingBefore() const { return m_showBefore; }

public Q_SLOTS:
    void zoomToFit();
    void zoomToActualSize();
    void zoomIn();
    void zoomOut();
    void zoomAt(double factor, const QPointF& anchor);
    void setSplitCompare(bool on);
    void setSplitPosition(double fraction);
    void setShowingBefore(bool on);  // press-and-hold: the original while held

Q_SIGNALS:
    void zoomChanged(double zoom, bool fitted);

protected:
    QRectF imageRect() const override;
    void paintImage(QPainter& painter, const QRectF& target) override;

    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    enum class Drag { None, Pan, Split };

    void setZoom(double zoom, const QPointF& anchor);
    void clampOffset();
    bool nearSplitLine(const QPointF& pos) const;
    void paintSplit(QPainter& painter, const QRectF& target);
    void paintLabel(QPainter& painter, const QString& text, const QPointF& at);
    void updateCursor(const QPointF& pos);

    QPixmap m_before;
    bool m_fitted = true;
    double m_zoom = 1.0;
    QPointF m_center;  // the image point (in result pixels) at the centre of the pane, when not fitted
    bool m_splitCompare = false;
    double m_splitPosition = 0.5;
    bool m_showBefore = false;
    Drag m_drag = Drag::None;
    QPointF m_lastMouse;
};

}  // namespace hrstyle::ui
