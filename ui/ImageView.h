#pragma once
// An image fitted to its pane, with a caption and a placeholder, that accepts an image file dropped on it.
// ResultView adds zoom, pan and the before/after comparison.
//
// Thread affinity: GUI thread (holds a QPixmap).
#include <QPixmap>
#include <QWidget>

class QMimeData;

namespace hrstyle::ui {

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(const QString& caption, QWidget* parent = nullptr);

    virtual void setImage(const QImage& image);
    void clearImage();
    bool hasImage() const { return !m_pixmap.isNull(); }
    QImage image() const { return m_pixmap.toImage(); }  // what is shown, for tests and screenshots
    QSize imageSize() const { return m_pixmap.size(); }

    void setPlaceholderText(const QString& text);
    void setCaption(const QString& caption);
    QString caption() const { return m_caption; }

    // True for a local file whose suffix Qt can read as an image.
    static bool isDroppableImage(const QUrl& url);

    QSize sizeHint() const override { return {320, 240}; }
    QSize minimumSizeHint() const override { return {120, 90}; }

Q_SIGNALS:
    void fileDropped(const QString& path);

protected:
    // Where the image is drawn, in widget coordinates. This base class fits it to the pane.
    virtual QRectF imageRect() const;
    // Draws the image (subclasses add comparison); the caption and placeholder are drawn around it.
    virtual void paintImage(QPainter& painter, const QRectF& target);
    const QPixmap& pixmap() const { return m_pixmap; }
    QRectF fittedRect(QSizeF size) const;

    void paintEvent(QPaintEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void paintCaption(QPainter& painter);
    static QString droppedImagePath(const QMimeData* mime);

    QPixmap m_pixmap;
    QString m_caption;
    QString m_placeholder;
    bool m_dragHover = false;
};

}  // namespace hrstyle::ui
