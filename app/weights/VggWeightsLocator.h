#pragma once
// Where the VGG19 weights come from (docs/file-formats.md): one lookup order used by the CLI and the GUI alike,
//   1. an explicit path (--vgg, or the GUI preference),
//   2. the HRSTYLE_VGG19 environment variable,
//   3. the file fetch-weights / the GUI downloaded (defaultDownloadedVggPath()),
//   4. none: the caller falls back to random features (docs/algorithm.md) and must say so.
// Locating does no network access and does not read the file; call verifyVggFile() on the chosen path to
// get the reason a wrong file is refused. An explicit or environment path is returned even when it does not
// exist, so a typo becomes an error message rather than a silent fall back to random features.
#include <QString>

namespace hrstyle {

// Default download source: torchvision's ImageNet VGG19 as safetensors on the Hugging Face hub (~575 MB).
// Only ever fetched when a user asks for it (fetch-weights, the GUI's download button).
inline constexpr char kDefaultVggUrl[] = "https://huggingface.co/timm/vgg19.tv_in1k/resolve/main/model.safetensors";
inline constexpr char kVggEnvironmentVariable[] = "HRSTYLE_VGG19";

enum class VggWeightsSource { Explicit, Environment, Downloaded, None };

struct VggWeightsLocation {
    QString path;  // empty when source == None
    VggWeightsSource source = VggWeightsSource::None;

    bool found() const { return source != VggWeightsSource::None; }
};

VggWeightsLocation locateVggWeights(const QString& explicitPath);

// <user data dir>/HRStyle/hrstyle/vgg19.safetensors, e.g. ~/.local/share/HRStyle/hrstyle/vgg19.safetensors.
// Built from GenericDataLocation plus fixed names rather than AppDataLocation, because the latter follows
// QCoreApplication::applicationName(): hrstyle-cli and hrstyle must find the same file whatever names
// their main() sets. On Linux this equals AppDataLocation for organisation "HRStyle", application "hrstyle".
// Empty when the platform has no writable data location.
QString defaultDownloadedVggPath();

// "--vgg / preference", "HRSTYLE_VGG19", "downloaded", "none": for status lines and logs.
QString vggWeightsSourceName(VggWeightsSource source);

// One line for any surface, e.g. "VGG19 weights: /p/vgg19.safetensors (HRSTYLE_VGG19)" or, for None,
// "No VGG19 weights found: using random features (lower quality)".
QString describeVggWeights(const VggWeightsLocation& location);

}  // namespace hrstyle
