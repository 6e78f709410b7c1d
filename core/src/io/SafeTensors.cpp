// safetensors reader/writer. Format: https://github.com/huggingface/safetensors ("Format"); the byte-for-byte
// oracle is read_safetensors/write_safetensors in seed_reference.py (docs/contributing.md, "The Python oracle").
// POSIX file calls (open/pread/fstat) rather than iostreams: they give errno for the user's message, let us tell
// a directory or FIFO from a file, and read one tensor at an offset without touching the rest. Writing goes
// through AtomicFile (core/include/hrstyle/AtomicFile.h).
#include "hrstyle/SafeTensors.h"

#include "hrstyle/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

// The format is little-endian and we memcpy numbers in and out; no target of this project is big-endian.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "SafeTensors.cpp assumes a little-endian host"
#endif

namespace hrstyle {
namespace {

// Same cap as the safetensors crate (MAX_HEADER_SIZE = 100'000'000): a header past it is hostile, not big.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
constexpr const char* kMetadataKey = "__metadata__";

struct DTypeEntry {
    DType dtype;
    const char* name;
    std::size_t size;
};
constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4},   {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4},   {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::Bool, "BOOL", 1},
};

std::optional<DType> dtypeFromName(const std::string& name) {
    for (const DTypeEntry& e : kDTypes)
        if (name == e.name) return e.dtype;
    return std::nullopt;
}

// Most problems are the file's contents; opening and reading say their own kind.
Error fail(const std::string& path, const std::string& problem, ErrorKind kind = ErrorKind::InvalidInput) {
    return Error{path + ": " + problem, kind};
}
std::string osError() { return std::strerror(errno); }

// A JSON-quoted name: hostile names may hold newlines or bad UTF-8, and messages must stay one line.
std::string quoted(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
Error failTensor(const std::string& path, const std::string& name, const std::string& problem) {
    return fail(path, "tensor " + quoted(name) + ": " + problem);
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

// Product of the dimensions; nullopt when one is negative or the product of the non-zero ones overflows int64.
// Zero dimensions are skipped in the overflow check so [0, 2^40, 2^40] (empty, yet with overflowing strides
// for whoever indexes it) is rejected as well.
std::optional<std::int64_t> checkedElementCount(const std::vector<std::int64_t>& shape) {
    std::int64_t product = 1;
    bool empty = false;
    for (std::int64_t d : shape) {
        if (d < 0) return std::nullopt;
        if (d == 0) {
            empty = true;
            continue;
        }
        if (product > std::numeric_limits<std::int64_t>::max() / d) return std::nullopt;
        product *= d;
    }
    return empty ? 0 : product;
}

// Bytes of `count` elements, or nullopt on overflow.
std::optional<std::uint64_t> checkedByteCount(std::int64_t count, std::size_t size) {
    const auto n = static_cast<std::uint64_t>(count);
    if (n > std::numeric_limits<std::uint64_t>::max() / size) return std::nullopt;
    return n * size;
}

// Owns a file descriptor.
class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(Fd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    Fd& operator=(Fd&& o) noexcept {
        std::swap(m_fd, o.m_fd);
        return *this;
    }
    Fd(const Fd&) = delete;
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

struct OpenFile {
    Fd fd;
    std::uint64_t size = 0;
};

Result<OpenFile> openRegularFile(const std::string& path) {
    // O_NONBLOCK: opening a FIFO must not hang waiting for a writer; it has no effect on regular files.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) {
        const ErrorKind kind = errno == ENOENT ? ErrorKind::NotFound : ErrorKind::Io;
        return fail(path, "cannot open: " + osError(), kind);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(path, "cannot read file status: " + osError(), ErrorKind::Io);
    if (S_ISDIR(st.st_mode)) return fail(path, "is a directory, not a safetensors file");
    if (!S_ISREG(st.st_mode)) return fail(path, "is not a regular file");
    return OpenFile{std::move(fd), static_cast<std::uint64_t>(st.st_size)};
}

// Reads exactly n bytes at offset; an empty string on success, else the problem.
std::string readExact(int fd, std::uint64_t offset, void* dst, std::uint64_t n) {
    auto* out = static_cast<char*>(dst);
    while (n > 0) {
        const ssize_t got = ::pread(fd, out, static_cast<std::size_t>(n), static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return "read failed: " + osError();
        if (got == 0) return "file ends early (was it changed after it was opened?)";
        out += got;
        offset += static_cast<std::uint64_t>(got);
        n -= static_cast<std::uint64_t>(got);
    }
    return {};
}

Result<std::vector<std::int64_t>> parseShape(const nlohmann::json& j) {
    if (!j.is_array()) return Error{"\"shape\" is not an array", ErrorKind::InvalidInput};
    std::vector<std::int64_t> shape;
    for (const nlohmann::json& d : j) {
        // Non-negative integers parse as number_unsigned; negatives, floats and huge values do not.
        if (!d.is_number_unsigned() || d.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
            return Error{"shape " + j.dump() + " is not a list of non-negative integers", ErrorKind::InvalidInput};
        shape.push_back(d.get<std::int64_t>());
    }
    return shape;
}

// Parses and bounds-checks one tensor entry against a data section of dataSize bytes.
Result<TensorInfo> parseEntry(const std::string& path, const std::string& name, const nlohmann::json& e,
                              std::uint64_t dataSize) {
    if (!e.is_object()) return failTensor(path, name, "entry is not a JSON object");
    const auto dt = e.find("dtype");
    if (dt == e.end() || !dt->is_string()) return failTensor(path, name, "missing \"dtype\" string");
    const std::optional<DType> dtype = dtypeFromName(dt->get<std::string>());
    if (!dtype) return failTensor(path, name, "unknown dtype " + dt->dump());
    TensorInfo info;
    info.dtype = *dtype;
    const auto sh = e.find("shape");
    if (sh == e.end()) return failTensor(path, name, "missing \"shape\"");
    Result<std::vector<std::int64_t>> shape = parseShape(*sh);
    if (!shape) return failTensor(path, name, shape.error());
    info.shape = std::move(shape).value();
    const std::optional<std::int64_t> count = checkedElementCount(info.shape);
    const std::optional<std::uint64_t> bytes = count ? checkedByteCount(*count, dtypeSize(info.dtype)) : std::nullopt;
    if (!bytes) return failTensor(path, name, "shape " + shapeText(info.shape) + " overflows the element count");
    const auto off = e.find("data_offsets");
    if (off == e.end() || !off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() ||
        !(*off)[1].is_number_unsigned())
        return failTensor(path, name, "\"data_offsets\" is not two non-negative integers");
    info.begin = (*off)[0].get<std::uint64_t>();
    info.end = (*off)[1].get<std::uint64_t>();
    const std::string range = "data_offsets [" + std::to_string(info.begin) + "," + std::to_string(info.end) + "]";
    if (info.begin > info.end) return failTensor(path, name, range + " begin after end");
    if (info.end > dataSize)
        return failTensor(path, name, range + " beyond the data section (" + std::to_string(dataSize) + " bytes)");
    if (info.end - info.begin != *bytes)
        return failTensor(path, name,
                          range + " hold " + std::to_string(info.end - info.begin) + " bytes, but " +
                              dtypeName(info.dtype) + " " + shapeText(info.shape) + " needs " + std::to_string(*bytes));
    return info;
}

Result<Metadata> parseMetadata(const std::string& path, const nlohmann::json& j) {
    if (!j.is_object()) return fail(path, "__metadata__ is not a JSON object");
    Metadata meta;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it.value().is_string())
            return fail(path, "__metadata__ value for " + quoted(it.key()) + " is not a string");
        meta[it.key()] = it.value().get<std::string>();
    }
    return meta;
}

struct Header {
    nlohmann::json json;
    std::uint64_t length = 0;  // bytes of JSON (with padding) after the 8-byte length
};

Result<Header> readHeader(const std::string& path, const OpenFile& file) {
    if (file.size < 8) return fail(path, "file is " + std::to_string(file.size) + " bytes, too short for a header");
    std::uint64_t n = 0;
    if (std::string err = readExact(file.fd.get(), 0, &n, 8); !err.empty()) return fail(path, err);
    if (n > kMaxHeaderBytes)
        return fail(path, "header length " + std::to_string(n) + " is absurd (limit 100 MB); not a safetensors file?");
    if (n > file.size - 8)
        return fail(path, "header length " + std::to_string(n) + " exceeds the file size " + std::to_string(file.size));
    std::string text(static_cast<std::size_t>(n), '\0');
    if (std::string err = readExact(file.fd.get(), 8, text.data(), n); !err.empty()) return fail(path, err);
    try {
        nlohmann::json json = nlohmann::json::parse(text);
        if (!json.is_object()) return fail(path, "header JSON is not an object");
        return Header{std::move(json), n};
    } catch (const nlohmann::json::parse_error& e) {
        return fail(path, "header is not valid JSON (byte " + std::to_string(e.byte) + ")");
    }
}

// Reads a tensor's bytes into dst, which holds info.end - info.begin bytes.
std::string readTensorBytes(const std::string& path, std::uint64_t dataStart, const TensorInfo& info, void* dst) {
    Result<OpenFile> file = openRegularFile(path);
    if (!file) return file.error();
    if (std::string err = readExact(file->fd.get(), dataStart + info.begin, dst, info.end - info.begin); !err.empty())
        return path + ": " + err;
    return {};
}

// IEEE 754 binary16 -> binary32 by hand: core has no half-float library (LibTorch is not linked into
// hrstyle_base, and F16C intrinsics are not portable). Every half value is exact in float.
float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    std::uint32_t exponent = (h >> 10) & 0x1Fu;
    std::uint32_t mantissa = h & 0x3FFu;
    std::uint32_t bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);  // inf, or NaN with its payload kept
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);  // rebias 15 -> 127
    } else if (mantissa == 0) {
        bits = sign;  // signed zero
    } else {
        // Subnormal half (mantissa * 2^-24) is a normal float: shift until the implicit 1 appears.
        exponent = 113;
        while ((mantissa & 0x400u) == 0) {
            mantissa <<= 1;
            --exponent;
        }
        bits = sign | (exponent << 23) | ((mantissa & 0x3FFu) << 13);
    }
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// bfloat16 is the top half of a float32, so widening is a shift (same reason as above: no library in core).
float bfloat16ToFloat(std::uint16_t b) {
    const std::uint32_t bits = std::uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

template <class From, class Convert>
std::vector<float> convertAll(const std::vector<std::uint8_t>& bytes, Convert convert) {
    std::vector<float> out(bytes.size() / sizeof(From));
    for (std::size_t i = 0; i < out.size(); ++i) {
        From v;
        std::memcpy(&v, bytes.data() + i * sizeof(From), sizeof v);
        out[i] = convert(v);
    }
    return out;
}

}  // namespace

const char* dtypeName(DType dtype) {
    for (const DTypeEntry& e : kDTypes)
        if (e.dtype == dtype) return e.name;
    return "?";
}

std::size_t dtypeSize(DType dtype) {
    for (const DTypeEntry& e : kDTypes)
        if (e.dtype == dtype) return e.size;
    return 1;
}

// -1 when a dimension is negative or the product overflows (only possible for hand-built infos; the reader
// rejects such files).
std::int64_t TensorInfo::elementCount() const { return checkedElementCount(shape).value_or(-1); }

Result<SafeTensorsReader> SafeTensorsReader::open(const std::string& path) {
    Result<OpenFile> file = openRegularFile(path);
    if (!file) return file.failure();
    Result<Header> header = readHeader(path, file.value());
    if (!header) return header.failure();
    SafeTensorsReader reader;
    reader.m_path = path;
    reader.m_dataStart = 8 + header->length;
    const std::uint64_t dataSize = file->size - reader.m_dataStart;
    for (auto it = header->json.begin(); it != header->json.end(); ++it) {
        if (it.key() == kMetadataKey) {
            Result<Metadata> meta = parseMetadata(path, it.value());
            if (!meta) return meta.failure();
            reader.m_metadata = std::move(meta).value();
            continue;
        }
        Result<TensorInfo> info = parseEntry(path, it.key(), it.value(), dataSize);
        if (!info) return info.failure();
        reader.m_tensors.emplace(it.key(), std::move(info).value());
    }
    return reader;
}

Result<RawTensor> SafeTensorsReader::read(const std::string& name) const {
    const auto it = m_tensors.find(name);
    if (it == m_tensors.end()) return fail(m_path, "no tensor named " + quoted(name));
    const TensorInfo& info = it->second;
    try {
        RawTensor t{info.dtype, info.shape, std::vector<std::uint8_t>(info.end - info.begin)};
        if (std::string err = readTensorBytes(m_path, m_dataStart, info, t.bytes.data()); !err.empty())
            return Error{err};
        return t;
    } catch (const std::bad_alloc&) {
        return failTensor(m_path, name, "not enough memory for " + std::to_string(info.end - info.begin) + " bytes");
    }
}

Result<std::vector<float>> SafeTensorsReader::readFloat32(const std::string& name) const {
    const auto it = m_tensors.find(name);
    if (it == m_tensors.end()) return fail(m_path, "no tensor named " + quoted(name));
    const TensorInfo& info = it->second;
    const DType dt = info.dtype;
    if (dt != DType::F64 && dt != DType::F32 && dt != DType::F16 && dt != DType::BF16)
        return failTensor(
            m_path, name,
            std::string("dtype ") + dtypeName(dt) + " is not floating point (expected F32, F16, BF16 or F64)");
    try {
        if (dt == DType::F32) {  // straight into the result: no second copy of a large tensor
            std::vector<float> out((info.end - info.begin) / sizeof(float));
            if (std::string err = readTensorBytes(m_path, m_dataStart, info, out.data()); !err.empty())
                return Error{err};
            return out;
        }
        Result<RawTensor> raw = read(name);
        if (!raw) return raw.failure();
        if (dt == DType::F64) return convertAll<double>(raw->bytes, [](double v) { return static_cast<float>(v); });
        if (dt == DType::F16) return convertAll<std::uint16_t>(raw->bytes, halfToFloat);
        return convertAll<std::uint16_t>(raw->bytes, bfloat16ToFloat);
    } catch (const std::bad_alloc&) {
        return failTensor(m_path, name, "not enough memory to convert it to float32");
    }
}

namespace {

// The header exactly as the reference writes it: json.dumps(separators=(",", ":"), ensure_ascii=False) keeps
// insertion order (__metadata__ first if non-empty, tensors sorted, keys dtype/shape/data_offsets), hence
// ordered_json; std::map already sorts names bytewise, which for UTF-8 is Python's code-point order.
Result<std::string> buildHeader(const std::string& path, const std::map<std::string, RawTensor>& tensors,
                                const Metadata& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        nlohmann::ordered_json meta = nlohmann::ordered_json::object();
        for (const auto& [key, value] : metadata) meta[key] = value;
        header[kMetadataKey] = std::move(meta);
    }
    std::uint64_t offset = 0;
    for (const auto& [name, t] : tensors) {
        if (name == kMetadataKey) return failTensor(path, name, "the name is reserved for metadata");
        const std::optional<std::int64_t> count = checkedElementCount(t.shape);
        const std::optional<std::uint64_t> bytes = count ? checkedByteCount(*count, dtypeSize(t.dtype)) : std::nullopt;
        if (!bytes || *bytes != t.bytes.size())
            return failTensor(path, name,
                              std::to_string(t.bytes.size()) + " bytes do not match " + dtypeName(t.dtype) + " " +
                                  shapeText(t.shape));
        header[name] = {
            {"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    try {
        std::string text = header.dump();
        text.append((8 - text.size() % 8) % 8, ' ');
        return text;
    } catch (const nlohmann::ordered_json::type_error&) {
        return fail(path, "a tensor name or metadata string is not valid UTF-8");
    }
}

}  // namespace

Status writeSafeTensors(const std::string& path, const std::map<std::string, RawTensor>& tensors,
                        const Metadata& metadata) {
    Result<std::string> header = buildHeader(path, tensors, metadata);
    if (!header) return header.failure();
    // Streamed tensor by tensor through the one atomic writer: no second copy of the data in memory.
    Result<AtomicFile> file = AtomicFile::create(path);
    if (!file) return file.failure();
    const std::uint64_t length = header->size();
    if (Status s = file->write(&length, sizeof length); !s) return s;
    if (Status s = file->write(header.value()); !s) return s;
    for (const auto& entry : tensors)
        if (Status s = file->write(entry.second.bytes.data(), entry.second.bytes.size()); !s) return s;
    return file->commit();
}

std::string metadataToJson(const Metadata& metadata) {
    const nlohmann::json object(metadata);  // std::map: keys come out sorted
    // Invalid UTF-8 (metadata can come from any file) is replaced rather than thrown on.
    return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Metadata> metadataFromJson(const std::string& text) {
    // The callback drops every value below the top level as it is parsed; a nested one then fails as a value
    // that is not a string.
    const auto topLevelOnly = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) { return depth <= 1; };
    const nlohmann::json j = nlohmann::json::parse(text, topLevelOnly, false);
    if (!j.is_object()) return Error{"not a JSON object"};
    Metadata meta;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it.value().is_string()) return Error{"the value of " + quoted(it.key()) + " is not a string"};
        meta[it.key()] = it.value().get<std::string>();
    }
    return meta;
}

RawTensor makeFloat32Tensor(std::vector<std::int64_t> shape, const float* data) {
    // `data` holds elementCount() floats. An invalid shape gives no bytes, which writeSafeTensors reports.
    const std::int64_t count = checkedElementCount(shape).value_or(0);
    RawTensor t{DType::F32, std::move(shape),
                std::vector<std::uint8_t>(static_cast<std::size_t>(count) * sizeof(float))};
    if (count > 0) std::memcpy(t.bytes.data(), data, t.bytes.size());
    return t;
}

}  // namespace hrstyle
