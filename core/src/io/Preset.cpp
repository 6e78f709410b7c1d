#include "hrstyle/Preset.h"

#include <sys/stat.h>

#include "hrstyle/AtomicFile.h"

#include <cerrno>
#include <optional>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hrstyle {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

namespace keys {
constexpr char schema[] = "schema";
constexpr char name[] = "name";
constexpr char styleImage[] = "style_image";
constexpr char contentWeight[] = "content_weight";
constexpr char styleWeight[] = "style_weight";
constexpr char layerWeights[] = "layer_weights";
constexpr char steps[] = "steps";
constexpr char learningRate[] = "learning_rate";
constexpr char workingSize[] = "working_size";
constexpr char styleSize[] = "style_size";
constexpr char seed[] = "seed";
constexpr char strength[] = "strength";  // 0 (the photo) to 1 (the network's output)
constexpr char colourMode[] = "colour_mode";
constexpr char generator[] = "generator";
constexpr char thumbnail[] = "thumbnail";
constexpr char writtenBy[] = "written_by";  // informative only, never read back
}  // namespace keys

// A value as it appears in an error message, cut short so a hostile megabyte string stays one line.
std::string shortText(const Json& value) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    constexpr std::size_t kMax = 40;
    if (text.size() > kMax) text = text.substr(0, kMax) + "...";
    return text;
}

bool hasControlCharacter(const std::string& text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

// Reads the keys of one document, keeping the first problem; later reads do nothing once one failed, so
// parsePreset reads like a list of fields.
class FieldReader {
public:
    explicit FieldReader(const Json& doc) : m_doc(doc) {}

    const std::string& error() const { return m_error; }

    void number(const char* key, double minimum, double maximum, double& out) {
        const Json* value = find(key);
        if (!value) return;
        if (!value->is_number() || !inRange(value->get<double>(), minimum, maximum)) {
            fail(key, "expected a number from " + format(minimum) + " to " + format(maximum), *value);
            return;
        }
        out = value->get<double>();
    }

    void wholeNumber(const char* key, int minimum, int maximum, int& out) {
        double value = 0;
        if (readWhole(key, minimum, maximum, value)) out = static_cast<int>(value);
    }

    // 0 means "the image's own size"; anything else must be a sane number of pixels.
    void side(const char* key, int minimumNonZero, int& out) {
        int value = out;
        wholeNumber(key, 0, PresetLimits::maxSide, value);
        if (!m_error.empty()) return;
        if (value != 0 && value < minimumNonZero) {
            fail(key, "expected 0 (the image's own size) or " + std::to_string(minimumNonZero) + " to " +
                          std::to_string(PresetLimits::maxSide), m_doc.at(key));
            return;
        }
        out = value;
    }

    void seed(const char* key, std::uint64_t& out) {
        const Json* value = find(key);
        if (!value) return;
        if (value->is_number_unsigned()) {
            out = value->get<std::uint64_t>();
        } else if (value->is_number_integer() && value->get<std::int64_t>() >= 0) {
            out = static_cast<std::uint64_t>(value->get<std::int64_t>());
        } else {
            fail(key, "expected a whole number from 0 to 18446744073709551615", *value);
        }
    }

    void text(const char* key, std::size_t maxBytes, std::string& out) {
        const Json* value = find(key);
        if (!value) return;
        if (!value->is_string()) return fail(key, "expected a string", *value);
        const auto& s = value->get_ref<const std::string&>();
        if (s.size() > maxBytes) {
            return fail(key, "longer than " + std::to_string(maxBytes) + " bytes (" + std::to_string(s.size()) + ")");
        }
        if (hasControlCharacter(s)) return fail(key, "contains control characters");
        out = s;
    }

    void colourMode(const char* key, ColourMode& out) {
        const Json* value = find(key);
        if (!value) return;
        const std::optional<ColourMode> mode =
            value->is_string() ? colourModeFromName(value->get<std::string>()) : std::nullopt;
        if (!mode) return fail(key, "expected \"full\", \"keep\" or \"only\"", *value);
        out = *mode;
    }

    void fileName(const char* key, std::string& out) {
        std::string value;
        text(key, PresetLimits::maxFileNameBytes, value);
        if (!m_error.empty()) return;
        if (const std::string problem = presetFileNameProblem(value); !value.empty() && !problem.empty()) {
            return fail(key, problem + ", got " + shortText(Json(value)));
        }
        out = value;
    }

    void layerWeights(const char* key, StyleLayerWeights& out) {
        const Json* value = find(key);
        if (!value) return;
        const std::string expected = "expected " + std::to_string(kStyleLayerCount) + " numbers from 0 to " +
                                     format(PresetLimits::maxWeight);
        if (!value->is_array() || value->size() != kStyleLayerCount) return fail(key, expected, *value);
        StyleLayerWeights weights{};
        for (int i = 0; i < kStyleLayerCount; ++i) {
            const Json& w = (*value)[static_cast<std::size_t>(i)];
            if (!w.is_number() || !inRange(w.get<double>(), 0.0, PresetLimits::maxWeight)) {
                return fail(key, expected, *value);
            }
            weights[static_cast<std::size_t>(i)] = w.get<double>();
        }
        out = weights;
    }

    void schema(int& out) {
        wholeNumber(keys::schema, 1, 1'000'000, out);
        if (m_error.empty() && out > kPresetSchemaVersion) {
            m_error = std::string(keys::schema) + ": this preset needs a newer HRStyle (schema " +
                      std::to_string(out) + "; this version reads up to " + std::to_string(kPresetSchemaVersion) + ")";
        }
    }

private:
    // Missing and null keys keep the default (docs/file-formats.md, "Presets").
    const Json* find(const char* key) const {
        if (!m_error.empty()) return nullptr;
        const auto it = m_doc.find(key);
        if (it == m_doc.end() || it->is_null()) return nullptr;
        return &*it;
    }

    // Whole numbers may arrive as 100 or 100.0 (some JSON writers); 100.5 is refused.
    bool readWhole(const char* key, int minimum, int maximum, double& out) {
        const Json* value = find(key);
        if (!value) return false;
        const double number = value->is_number() ? value->get<double>() : std::nan("");
        if (!inRange(number, minimum, maximum) || std::trunc(number) != number) {
            fail(key, "expected a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum),
                 *value);
            return false;
        }
        out = number;
        return true;
    }

    static bool inRange(double value, double minimum, double maximum) {
        return std::isfinite(value) && value >= minimum && value <= maximum;
    }

    static std::string format(double value) {
        std::ostringstream out;
        out << value;
        return out.str();
    }

    void fail(const char* key, const std::string& problem) {
        if (m_error.empty()) m_error = std::string(key) + ": " + problem;
    }
    void fail(const char* key, const std::string& expectation, const Json& got) {
        fail(key, expectation + ", got " + shortText(got));
    }

    const Json& m_doc;
    std::string m_error;
};

Preset readFields(const Json& doc, std::string& error) {
    Preset p;
    FieldReader read(doc);
    read.schema(p.schema);
    read.text(keys::name, PresetLimits::maxNameBytes, p.name);
    read.fileName(keys::styleImage, p.styleImage);
    read.number(keys::contentWeight, 0.0, PresetLimits::maxWeight, p.weights.content);
    read.number(keys::styleWeight, 0.0, PresetLimits::maxWeight, p.weights.style);
    read.layerWeights(keys::layerWeights, p.weights.layers);
    read.wholeNumber(keys::steps, 0, PresetLimits::maxSteps, p.steps);
    read.number(keys::learningRate, 0.0, PresetLimits::maxLearningRate, p.learningRate);
    read.side(keys::workingSize, 4, p.workingSize);  // the network downsamples twice (docs/algorithm.md)
    read.side(keys::styleSize, 1, p.styleSize);
    read.seed(keys::seed, p.seed);
    read.number(keys::strength, 0.0, 1.0, p.look.strength);
    read.colourMode(keys::colourMode, p.look.colourMode);
    read.fileName(keys::generator, p.generator);
    read.fileName(keys::thumbnail, p.thumbnail);
    error = read.error();
    return p;
}

std::string osError() { return std::strerror(errno); }

std::string quoted(const std::string& path) { return "'" + path + "'"; }

}  // namespace

TrainParams Preset::trainParams() const {
    TrainParams params;
    params.weights = weights;
    params.steps = steps;
    params.learningRate = learningRate;
    params.workingSize = workingSize;
    params.styleSize = styleSize;
    params.seed = seed;
    return params;
}

void Preset::setTrainParams(const TrainParams& params) {
    weights = params.weights;
    steps = params.steps;
    learningRate = params.learningRate;
    workingSize = params.workingSize;
    styleSize = params.styleSize;
    seed = params.seed;
}

bool Preset::operator==(const Preset& o) const {
    return schema == o.schema && name == o.name && styleImage == o.styleImage && weights == o.weights &&
           steps == o.steps && learningRate == o.learningRate && workingSize == o.workingSize &&
           styleSize == o.styleSize && seed == o.seed && look == o.look && generator == o.generator &&
           thumbnail == o.thumbnail;
}

std::string presetFileNameProblem(const std::string& fileName) {
    if (fileName.empty()) return "empty file name";
    if (fileName.size() > PresetLimits::maxFileNameBytes) return "file name longer than 255 bytes";
    if (hasControlCharacter(fileName)) return "file name contains control characters";
    // One plain name inside the preset folder: no separators (either OS), no drive letters, and no leading
    // dot, which rules out "." and ".." and hidden files in one rule.
    if (fileName.find_first_of("/\\:") != std::string::npos || fileName.front() == '.') {
        return "must be a file name inside the preset folder, not a path";
    }
    return {};
}

Result<Preset> parsePreset(const std::string& jsonText) {
    if (jsonText.size() > PresetLimits::maxDocumentBytes) {
        return Error{"not a preset: larger than " + std::to_string(PresetLimits::maxDocumentBytes) + " bytes",
                     ErrorKind::InvalidInput};
    }
    Json doc;
    try {
        doc = Json::parse(jsonText);
    } catch (const Json::exception& e) {
        return Error{std::string("not a preset: invalid JSON (") + e.what() + ")", ErrorKind::InvalidInput};
    }
    if (!doc.is_object()) {
        return Error{"not a preset: expected a JSON object, got " + shortText(doc), ErrorKind::InvalidInput};
    }
    std::string error;
    Preset preset = readFields(doc, error);
    if (!error.empty()) return Error{error, ErrorKind::InvalidInput};
    return preset;
}

std::string serialisePreset(const Preset& preset) {
    // Ordered so that a person reading the file sees the schema and name first, the files last.
    OrderedJson doc = OrderedJson::object();
    doc[keys::schema] = preset.schema;
    doc[keys::name] = preset.name;
    doc[keys::styleImage] = preset.styleImage;
    doc[keys::contentWeight] = preset.weights.content;
    doc[keys::styleWeight] = preset.weights.style;
    doc[keys::layerWeights] = preset.weights.layers;
    doc[keys::steps] = preset.steps;
    doc[keys::learningRate] = preset.learningRate;
    doc[keys::workingSize] = preset.workingSize;
    doc[keys::styleSize] = preset.styleSize;
    doc[keys::seed] = preset.seed;
    doc[keys::strength] = preset.look.strength;
    doc[keys::colourMode] = colourModeName(preset.look.colourMode);
    // null, not "", says "none" (parsePreset takes both).
    doc[keys::generator] = preset.hasGenerator() ? OrderedJson(preset.generator) : OrderedJson(nullptr);
    doc[keys::thumbnail] = preset.thumbnail.empty() ? OrderedJson(nullptr) : OrderedJson(preset.thumbnail);
    doc[keys::writtenBy] = std::string("HRStyle ") + HRSTYLE_VERSION;
    // replace: a name with broken UTF-8 serialises (savePresetFile then refuses it) instead of throwing.
    return doc.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

Result<Preset> loadPresetFile(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        const ErrorKind kind = errno == ENOENT ? ErrorKind::NotFound : ErrorKind::Io;
        return Error{quoted(path) + ": " + osError(), kind};
    }
    if (!S_ISREG(info.st_mode)) return Error{quoted(path) + ": not a file", ErrorKind::InvalidInput};
    if (static_cast<std::uint64_t>(info.st_size) > PresetLimits::maxDocumentBytes) {
        return Error{quoted(path) + ": not a preset: larger than " + std::to_string(PresetLimits::maxDocumentBytes) +
                     " bytes",
                     ErrorKind::InvalidInput};
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return Error{quoted(path) + ": cannot read", ErrorKind::Io};
    Result<Preset> preset = parsePreset(text.str());
    if (!preset) return preset.failure().withContext(quoted(path) + ": ");
    return preset;
}

Status savePresetFile(const std::string& path, const Preset& preset) {
    const std::string text = serialisePreset(preset);
    const Result<Preset> readBack = parsePreset(text);
    if (!readBack) return readBack.failure().withContext("cannot save preset " + quoted(preset.name) + ": ");
    if (readBack.value() != preset) {
        return Error{"cannot save preset " + quoted(preset.name) + ": a value does not survive being stored "
                     "(invalid UTF-8 or an unsupported schema number)"};
    }
    // A temporary file of its own per save (AtomicFile.h): saves of one path from several threads never share one.
    return writeFileAtomically(path, text);
}

}  // namespace hrstyle
