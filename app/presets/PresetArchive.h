#pragma once
// A preset as ONE file to share (import and export; docs/file-formats.md). Format, version 1:
//
//   {"format": "hrstyle-preset", "format_version": 1,
//    "preset": { ...exactly the preset.json document... },
//    "files": {"style.jpg":             {"size": N, "sha256": "<hex>", "base64": "<data>"},
//              "generator.safetensors": {...}, "thumbnail.png": {...}}}
//
// Why JSON + base64 rather than a tar or zip: the preset itself is JSON already, so one parser (nlohmann,
// already a dependency; exact 64-bit seeds, non-recursive parser) reads the whole file, with no archive
// member names, links, permissions or special files to police; the files are small (a photo, a ~300 KB
// generator, a thumbnail), so the 4/3 base64 overhead costs little; and a user can read the settings in any
// text editor. Qt has no public zip API, and a hand-written tar reader would be more hostile-input surface.
//
// Reading is hostile-safe: the size is capped before reading, each embedded file is capped, decoded strictly
// and checked against its SHA-256, the preset document passes parsePreset (file names stay inside the
// folder), only files the preset names are written, and the generator must be a readable safetensors file.
#include <QString>

#include "StoredPreset.h"
#include "hrstyle/Result.h"

namespace hrstyle {

constexpr char kPresetArchiveSuffix[] = "hrstyle-preset";  // file name extension, without the dot

// Writes `preset` (its preset.json and the files it names) to `filePath` through core's AtomicFile, streamed.
Status writePresetArchive(const StoredPreset& preset, const QString& filePath, const PresetStoreLimits& limits);

// Unpacks the archive at `filePath` into `folder` (existing and empty: the caller's staging folder), writing
// preset.json last. On an error `folder` may hold partial files; the caller discards it.
Result<Preset> unpackPresetArchive(const QString& filePath, const QString& folder, const PresetStoreLimits& limits);

}  // namespace hrstyle
