#pragma once
// Building image files byte by byte for the image tests: little- and big-endian fields and PNG chunks with
// their CRCs (zlib), so a test can write exactly the header or the damage it means.
#include <QByteArray>

#include <zlib.h>

#include <initializer_list>

namespace hrstyle::test {

inline QByteArray u8(std::initializer_list<int> values) {
    QByteArray out;
    for (const int v : values) {
        out += char(v);
    }
    return out;
}

inline QByteArray be16(quint16 v) { return u8({int(v >> 8), int(v)}); }
inline QByteArray be32(quint32 v) { return u8({int(v >> 24), int(v >> 16), int(v >> 8), int(v)}); }
inline QByteArray le16(quint16 v) { return u8({int(v), int(v >> 8)}); }
inline QByteArray le32(quint32 v) { return u8({int(v), int(v >> 8), int(v >> 16), int(v >> 24)}); }

inline QByteArray pngChunk(const char* type, const QByteArray& body) {
    const QByteArray typed = QByteArray(type, 4) + body;
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(typed.constData()), uInt(typed.size()));
    return be32(quint32(body.size())) + typed + be32(quint32(crc));
}

}  // namespace hrstyle::test
