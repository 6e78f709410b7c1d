#include "ImageView.h"

#include <QDragEnterEvent>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeData>
#include <QPainter>

namespace hrstyle::ui {

ImageView::ImageView(const QString& caption, QWidget* parent) : QWidget(parent), m_caption(caption) {
    setAcceptDrops(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setPlaceholderText(tr("Drop an image here"));
    setAccessibleName(caption);
}

void ImageView::setImage(const QImage& image) {
    m_pixmap = QPixmap::fromImage(image);
    update();
}

void ImageView::clearImage() {
    m_pixmap = QPixmap();
    update();
}

void ImageView::setPlaceholderText(const QString& text) {
    m_placeholder = text;
    update();
}

void ImageView::setCaption(const QString& caption) {
    m_caption = caption;
    update();
}

QRectF ImageView::fittedRect(QSizeF size) const {
    if (size.isEmpty()) {
        return {};
    }
    const QSizeF scaled = size.scaled(QSizeF(rect().size()), Qt::KeepAspectRatio);
    const QPointF topLeft((width() - scaled.width()) / 2.0, (height() - scaled.height()) / 2.0);
    return {topLeft, scaled};
}

QRectF ImageView::imageRect() const {
    return fittedRect(m_pixmap.size());
}

void ImageView::paintImage(QPainter& painter, const QRectF& target) {
    painter.drawPixmap(target, m_pixmap, QRectF(m_pixmap.rect()));
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    // A neutral dark surround, as photo tools use, so the image's own tones are judged without a tint.
    painter.fillRect(rect(), QColor(0x2b, 0x2b, 0x2b));
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    if (m_pixmap.isNull()) {
        painter.setPen(QColor(0xa0, 0xa0, 0xa0));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    } else {
        paintImage(painter, imageRect());
    }
    paintCaption(painter);
    if (m_dragHover) {
        painter.setPen(QPen(palette().highlight().color(), 3));
        painter.drawRect(rect().adjusted(1, 1, -2, -2));
    }
}

void ImageView::paintCaption(QPainter& painter) {
    if (m_caption.isEmpty()) {
        return;
    }
    const QFontMetrics metrics(font());
    const QRect textRect = metrics.boundingRect(m_caption).adjusted(-6, -3, 6, 3).translated(10, 8 + metrics.ascent());
    painter.fillRect(textRect, QColor(0, 0, 0, 140));
    painter.setPen(Qt::white);
    painter.drawText(textRect, Qt::AlignCenter, m_caption);
}

bool ImageView::isDroppableImage(const QUrl& url) {
    if (!url.isLocalFile()) {
        return false;
    }
    const QByteArray suffix = QFileInfo(url.toLocalFile()).suffix().toLower().toLatin1();
    return QImageReader::supportedImageFormats().contains(suffix);
}

QString ImageView::droppedImagePath(const QMimeData* mime) {
    if (mime == nullptr || !mime->hasUrls() || mime->urls().isEmpty()) {
        return {};
    }
    const QUrl url = mime->urls().constFirst();
    return isDroppableImage(url) ? url.toLocalFile() : QString();
}

void ImageView::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedImagePath(event->mimeData()).isEmpty()) {
        m_dragHover = true;
        update();
        event->acceptProposedAction();
    }
}

void ImageView::dragMoveEvent(QDragMoveEvent* event) {
    if (!droppedImagePath(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void ImageView::dragLeaveEvent(QDragLeaveEvent*) {
    m_dragHover = false;
    update();
}

void ImageView::dropEvent(QDropEvent* event) {
    m_dragHover = false;
    update();
    const QString path = droppedImagePath(event->mimeData());
    if (!path.isEmpty()) {
        event->acceptProposedAction();
        Q_EMIT fileDropped(path);
    }
}

}  // namespace hrstyle::ui
