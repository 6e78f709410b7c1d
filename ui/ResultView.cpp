#include "ResultView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace hrstyle::ui {
namespace {
constexpr double kSplitGrabPixels = 8.0;  // how near the split line a press grabs it instead of panning
}

ResultView::ResultView(QWidget* parent) : ImageView(tr("Result"), parent) {
    setMouseTracking(true);
    setPlaceholderText(tr("Press Train to stylise the content photo"));
}

void ResultView::setImage(const QImage& image) {
    ImageView::setImage(image);
    if (!m_fitted) {
        clampOffset();
    }
}

void ResultView::resizeEvent(QResizeEvent* event) {
    ImageView::resizeEvent(event);
    if (!m_fitted && hasImage()) {
        clampOffset();
    }
}

void ResultView::setBeforeImage(const QImage& image) {
    m_before = QPixmap::fromImage(image);
    update();
}

double ResultView::zoom() const {
    if (!hasImage()) {
        return 1.0;
    }
    return m_fitted ? imageRect().width() / imageSize().width() : m_zoom;
}

QRectF ResultView::imageRect() const {
    if (m_fitted) {
        return fittedRect(imageSize());
    }
    const QSizeF size = QSizeF(imageSize()) * m_zoom;
    const QPointF topLeft = QPointF(width() / 2.0, height() / 2.0) - m_center * m_zoom;
    return {topLeft, size};
}

void ResultView::zoomToFit() {
    m_fitted = true;
    update();
    Q_EMIT zoomChanged(zoom(), true);
}

void ResultView::zoomToActualSize() {
    setZoom(1.0, QPointF(width() / 2.0, height() / 2.0));
}

void ResultView::zoomIn() {
    zoomAt(kWheelStep, QPointF(width() / 2.0, height() / 2.0));
}

void ResultView::zoomOut() {
    zoomAt(1.0 / kWheelStep, QPointF(width() / 2.0, height() / 2.0));
}

void ResultView::zoomAt(double factor, const QPointF& anchor) {
    setZoom(zoom() * factor, anchor);
}

void ResultView::setZoom(double newZoom, const QPointF& anchor) {
    if (!hasImage()) {
        return;
    }
    // Keep the image point under `anchor` where it is, so the wheel zooms around the cursor.
    const QRectF before = imageRect();
    const QPointF imagePoint = (anchor - before.topLeft()) / zoom();
    m_zoom = std::clamp(newZoom, kMinZoom, kMaxZoom);
    m_fitted = false;
    m_center = imagePoint + (QPointF(width() / 2.0, height() / 2.0) - anchor) / m_zoom;
    clampOffset();
    update();
    Q_EMIT zoomChanged(m_zoom, false);
}

void ResultView::clampOffset() {
    // An image smaller than the pane stays centred; a larger one cannot be dragged past its edges.
    const QSizeF image = imageSize();
    const QSizeF halfView = QSizeF(width(), height()) / (2.0 * m_zoom);
    auto clampAxis = [](double center, double imageLength, double halfViewLength) {
        if (imageLength <= 2.0 * halfViewLength) {
            return imageLength / 2.0;
        }
        return std::clamp(center, halfViewLength, imageLength - halfViewLength);
    };
    m_center.setX(clampAxis(m_center.x(), image.width(), halfView.width()));
    m_center.setY(clampAxis(m_center.y(), image.height(), halfView.height()));
}

void ResultView::setSplitCompare(bool on) {
    m_splitCompare = on;
    update();
}

void ResultView::setSplitPosition(double fraction) {
    m_splitPosition = std::clamp(fraction, 0.0, 1.0);
    update();
}

void ResultView::setShowingBefore(bool on) {
    m_showBefore = on;
    update();
}

void ResultView::paintImage(QPainter& painter, const QRectF& target) {
    const bool haveBefore = !m_before.isNull();
    if (m_showBefore && haveBefore) {
        painter.drawPixmap(target, m_before, QRectF(m_before.rect()));
        paintLabel(painter, tr("Before"), QPointF(width() / 2.0, height() - 16.0));
        return;
    }
    ImageView::paintImage(painter, target);
    if (m_splitCompare && haveBefore) {
        paintSplit(painter, target);
    }
}

void ResultView::paintSplit(QPainter& painter, const QRectF& target) {
    const double splitX = target.left() + m_splitPosition * target.width();
    painter.save();
    painter.setClipRect(QRectF(QPointF(target.left(), target.top()), QPointF(splitX, target.bottom())));
    painter.drawPixmap(target, m_before, QRectF(m_before.rect()));
    painter.restore();

    const QRectF visible = target.intersected(QRectF(rect()));
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(QPointF(splitX, visible.top()), QPointF(splitX, visible.bottom()));
    painter.setBrush(Qt::white);
    painter.drawEllipse(QPointF(splitX, visible.center().y()), 6, 6);
    paintLabel(painter, tr("Before"), QPointF(splitX - 40.0, visible.bottom() - 16.0));
    paintLabel(painter, tr("After"), QPointF(splitX + 40.0, visible.bottom() - 16.0));
}

void ResultView::paintLabel(QPainter& painter, const QString& text, const QPointF& at) {
    const QFontMetrics metrics(font());
    QRectF box = QRectF(metrics.boundingRect(text)).adjusted(-6, -3, 6, 3);
    box.moveCenter(at);
    painter.fillRect(box, QColor(0, 0, 0, 150));
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, text);
}

bool ResultView::nearSplitLine(const QPointF& pos) const {
    if (!m_splitCompare || m_before.isNull() || !hasImage()) {
        return false;
    }
    const QRectF target = imageRect();
    const double splitX = target.left() + m_splitPosition * target.width();
    return std::abs(pos.x() - splitX) <= kSplitGrabPixels;
}

void ResultView::updateCursor(const QPointF& pos) {
    if (nearSplitLine(pos) || m_drag == Drag::Split) {
        setCursor(Qt::SplitHCursor);
    } else if (m_drag == Drag::Pan) {
        setCursor(Qt::ClosedHandCursor);
    } else {
        setCursor(m_fitted ? Qt::ArrowCursor : Qt::OpenHandCursor);
    }
}

void ResultView::wheelEvent(QWheelEvent* event) {
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0.0) {
        zoomAt(std::pow(kWheelStep, notches), event->position());
    }
    event->accept();
}

void ResultView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !hasImage()) {
        return ImageView::mousePressEvent(event);
    }
    m_drag = nearSplitLine(event->position()) ? Drag::Split : Drag::Pan;
    m_lastMouse = event->position();
    updateCursor(event->position());
}

void ResultView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    if (m_drag == Drag::Split) {
        const QRectF target = imageRect();
        setSplitPosition((pos.x() - target.left()) / target.width());
    } else if (m_drag == Drag::Pan && !m_fitted) {
        m_center -= (pos - m_lastMouse) / m_zoom;
        clampOffset();
        update();
    }
    m_lastMouse = pos;
    updateCursor(pos);
}

void ResultView::mouseReleaseEvent(QMouseEvent* event) {
    m_drag = Drag::None;
    updateCursor(event->position());
}

void ResultView::mouseDoubleClickEvent(QMouseEvent*) {
    // Photo viewers' convention: double-click toggles between fit and 100%.
    if (m_fitted) {
        zoomToActualSize();
    } else {
        zoomToFit();
    }
}

}  // namespace hrstyle::ui
