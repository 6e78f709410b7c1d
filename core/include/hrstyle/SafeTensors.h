#pragma once
// safetensors reader/writer (https://github.com/huggingface/safetensors, format section).
// No library for the format exists in Debian for C++, so this is hand-written on nlohmann-json.
// Every file is hostile: header length, JSON, dtypes, shapes and data offsets are bounds-checked, and a bad
// file is an Error naming the file and the problem, never a crash or an out-of-bounds read.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hrstyle/Result.h"

namespace hrstyle {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

const char* dtypeName(DType dtype);     // "F32", ...
std::size_t dtypeSize(DType dtype);     // bytes per element

struct TensorInfo {
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // data offsets relative to the start of the data section
    std::uint64_t end = 0;

    std::int64_t elementCount() const;  // product of shape (1 for a 0-d tensor)
};

// An owning tensor in file layout (little-endian bytes).
struct RawTensor {
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> bytes;
};

using Metadata = std::map<std::string, std::string>;

// Reads the header once on open; tensor data on demand (a 575 MB VGG19 file needs only its conv layers).
class SafeTensorsReader {
public:
    static Result<SafeTensorsReader> open(const std::string& path);

    const std::string& path() const { return m_path; }
    const std::map<std::string, TensorInfo>& tensors() const { return m_tensors; }
    const Metadata& metadata() const { return m_metadata; }
    bool contains(const std::string& name) const { return m_tensors.count(name) != 0; }

    Result<RawTensor> read(const std::string& name) const;
    // F64/F32/F16/BF16 converted to float32 (row-major, shape as in tensors()).
    Result<std::vector<float>> readFloat32(const std::string& name) const;

private:
    std::string m_path;
    std::uint64_t m_dataStart = 0;  // file offset of the data section
    std::map<std::string, TensorInfo> m_tensors;
    Metadata m_metadata;
};

// Writes like the reference writer: tensors sorted by name, data contiguous in that order, compact JSON,
// header padded with spaces to a multiple of 8. Atomic (AtomicFile.h): the old file stays until the new one is
// complete.
Status writeSafeTensors(const std::string& path, const std::map<std::string, RawTensor>& tensors,
                        const Metadata& metadata = {});

// Metadata as one compact JSON object of strings ({"key":"value",...}, keys sorted): how the settings that
// made an image are embedded in it (PNG/TIFF/JPEG/WebP description) and what `hrstyle-cli info` prints.
std::string metadataToJson(const Metadata& metadata);
// The reverse, for settings embedded as such text by HRStyle before XMP (docs/file-formats.md): the error says
// what is wrong ("not a JSON object", a value that is not a string). Nesting is not built, so hostile text
// cannot make it recurse.
Result<Metadata> metadataFromJson(const std::string& text);

// Convenience for float32 data.
RawTensor makeFloat32Tensor(std::vector<std::int64_t> shape, const float* data);

}  // namespace hrstyle
