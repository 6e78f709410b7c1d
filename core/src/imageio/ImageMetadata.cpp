#include "ImageMetadata.h"

#include <algorithm>
#include <cctype>
#include <new>

#include "Exiv2Support.h"
#include "hrstyle/SafeTensors.h"

namespace hrstyle::imageio {

namespace {

const std::string kXmpKeyPrefix = std::string("Xmp.") + kXmpPrefix + ".";

// Settings written before XMP: one JSON object of strings (metadataToJson) as the file's description. Exiv2
// shows a PNG "Description" text chunk (tEXt or iTXt) and a JPEG COM segment as the comment, and TIFF's (or a
// WebP EXIF chunk's) ImageDescription as an EXIF tag.
Result<Settings> legacySettings(const Exiv2::Image& image) {
    std::string text = image.comment();
    if (text.empty()) {
        const Exiv2::ExifData& exif = image.exifData();
        const auto description = exif.findKey(Exiv2::ExifKey("Exif.Image.ImageDescription"));
        if (description != exif.end()) {
            text = description->toString();
            text.erase(std::find(text.begin(), text.end(), '\0'), text.end());
        }
    }
    if (text.empty()) {
        return Error{"no embedded settings", ErrorKind::NotFound};
    }
    auto settings = metadataFromJson(text);
    if (!settings) {
        return Error{"the embedded description is not HRStyle settings (" + settings.error() + ")",
                     ErrorKind::InvalidInput};
    }
    return std::move(settings).value();
}

}  // namespace

bool isSettingsKey(const std::string& key) {
    const auto nameChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
    return !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_') &&
           std::all_of(key.begin(), key.end(), [&](char c) { return static_cast<unsigned char>(c) < 0x80 && nameChar(c); });
}

// One property per setting rather than one property holding the JSON: exiftool, digiKam and darktable then
// list each setting on its own line under its own name ("Content weight : 150", "Layer weights : [0.1,...]"),
// as they do for any other XMP schema, and a setting can be searched for; a JSON property would be one long
// line to read by eye. The key is the property name as is, so reading back needs no table.
Result<Bytes> embedSettings(Bytes&& encoded, const Settings& settings) {
    try {
        initialiseExiv2();  // before the first XMP key naming our namespace
        Exiv2::XmpData xmp;
        for (const auto& [key, value] : settings) {
            if (isSettingsKey(key)) {
                xmp[kXmpKeyPrefix + key] = value;  // XMP text (our namespace declares no types)
            }
        }
        // Encoded here rather than by writeMetadata, which logs a failure and writes the file without XMP.
        std::string packet;
        if (Exiv2::XmpParser::encode(packet, xmp) != 0) {
            return Error{"cannot write the settings as XMP (a setting is not valid UTF-8)"};
        }
        const auto image = openWithExiv2(encoded);
        image->setXmpPacket(packet);
        image->writeXmpFromPacket(true);
        image->writeMetadata();  // into a new buffer: `encoded` is no longer used
        Bytes().swap(encoded);
        Exiv2::BasicIo& io = image->io();
        const Exiv2::byte* data = io.mmap();
        Bytes out(data, data + io.size());
        io.munmap();
        return out;
    } catch (const std::bad_alloc&) {
        return Error{"out of memory while writing the settings", ErrorKind::OutOfMemory};
    } catch (const std::exception& e) {
        return Error{"cannot write the settings (" + exiv2Message(e) + ")"};
    }
}

Result<Settings> readSettings(const Bytes& bytes) {
    try {
        const auto image = openWithExiv2(bytes);
        image->readMetadata();
        Settings settings;
        for (const Exiv2::Xmpdatum& datum : image->xmpData()) {
            if (datum.groupName() == kXmpPrefix) {
                settings[datum.tagName()] = datum.toString();
            }
        }
        if (!settings.empty()) {
            return settings;
        }
        return legacySettings(*image);
    } catch (const std::exception& e) {
        return Error{"unreadable metadata (" + exiv2Message(e) + ")", ErrorKind::InvalidInput};
    }
}

}  // namespace hrstyle::imageio
