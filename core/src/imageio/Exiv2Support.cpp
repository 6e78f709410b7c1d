#include "Exiv2Support.h"

#include <mutex>

namespace hrstyle::imageio {

// Once per process, before any other Exiv2 call: the XMP toolkit's global state is not set up thread-safely
// on first use (Exiv2's XmpParser::initialize documentation), and our namespace must be known before a
// packet naming it is read or written. Exiv2's warnings about odd files would go to stderr; our error values
// say what matters instead (as for OpenCV, ImageIO.cpp). Process-wide, which is fine: the app reaches Exiv2
// only through hrstyle_imageio.
void initialiseExiv2() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
        Exiv2::XmpParser::initialize();
        Exiv2::XmpProperties::registerNs(kXmpNamespace, kXmpPrefix);
    });
}

Exiv2::Image::AutoPtr openWithExiv2(const Bytes& bytes) {
    initialiseExiv2();
    auto image = Exiv2::ImageFactory::open(bytes.data(), static_cast<long>(bytes.size()));
    if (!image.get()) {
        throw Exiv2::Error(Exiv2::kerMemoryContainsUnknownImageType);
    }
    return image;
}

std::string exiv2Message(const std::exception& error) {
    std::string text = error.what();
    text = text.substr(0, text.find('\n'));
    return text.empty() ? "unreadable metadata" : text;
}

}  // namespace hrstyle::imageio
