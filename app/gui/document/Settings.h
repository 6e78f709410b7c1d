#pragma once
// Preferences and the last session's choices, typed, over QSettings (docs/contributing.md). Every key and its
// default live in one table in Settings.cpp. Defaults fit the device: on a CPU the working size starts small
// (256 px) so the preview moves within seconds.
//
// Thread affinity: GUI thread.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <cstddef>

#include "hrstyle/TrainParams.h"

namespace hrstyle {

enum class SettingKey {
    WindowGeometry,
    WindowState,
    PaneLayout,
    ContentPath,
    StylePath,
    RecentContent,
    RecentStyle,
    ContentWeight,
    StyleWeight,
    LayerWeights,
    WorkingSize,
    Steps,
    LearningRate,
    Seed,
    Vgg19Path,
    Vgg19DownloadUrl,
    Device,               // "auto" | "cpu" | "cuda"; used at startup unless --device is given
    CpuThreads,           // LibTorch intra-op threads; 0 = one per core
    DefaultWorkingSize,   // the working size until the user picks one in Advanced
    MemoryLimitMb,        // export's memory budget: the process's peak resident memory, in MiB
    TrainingMemoryLimitMb,  // training's: a working size whose run would go over it is refused, in MiB
};

class Settings {
public:
    static constexpr int kMaxRecentFiles = 8;

    // `store` outlives this object. `gpuDefaults` picks the GPU column of the defaults table.
    explicit Settings(QSettings& store, bool gpuDefaults = false);

    QVariant value(SettingKey key) const;
    QVariant defaultValue(SettingKey key) const;
    void setValue(SettingKey key, const QVariant& value);
    static QString keyName(SettingKey key);

    QByteArray windowGeometry() const { return value(SettingKey::WindowGeometry).toByteArray(); }
    QByteArray windowState() const { return value(SettingKey::WindowState).toByteArray(); }
    QByteArray paneLayout() const { return value(SettingKey::PaneLayout).toByteArray(); }
    QString contentPath() const { return value(SettingKey::ContentPath).toString(); }
    QString stylePath() const { return value(SettingKey::StylePath).toString(); }
    QStringList recentFiles(SettingKey list) const { return value(list).toStringList(); }
    QString vgg19Path() const { return value(SettingKey::Vgg19Path).toString(); }
    QString vgg19DownloadUrl() const { return value(SettingKey::Vgg19DownloadUrl).toString(); }
    QString device() const { return value(SettingKey::Device).toString(); }
    int cpuThreads() const { return value(SettingKey::CpuThreads).toInt(); }
    int defaultWorkingSize() const { return value(SettingKey::DefaultWorkingSize).toInt(); }
    int memoryLimitMb() const { return value(SettingKey::MemoryLimitMb).toInt(); }
    int trainingMemoryLimitMb() const { return value(SettingKey::TrainingMemoryLimitMb).toInt(); }
    // The same limits in bytes, as the engine takes them (at least 1 MB whatever the store holds).
    std::size_t memoryLimitBytes() const { return megabytesToBytes(memoryLimitMb()); }
    std::size_t trainingMemoryLimitBytes() const { return megabytesToBytes(trainingMemoryLimitMb()); }

    // `list` is RecentContent or RecentStyle. Most recent first, no duplicates, at most kMaxRecentFiles.
    void addRecentFile(SettingKey list, const QString& path);

    LossWeights lossWeights() const;
    void setLossWeights(const LossWeights& weights);
    // Loss weights, working size (DefaultWorkingSize until one is remembered), steps, learning rate and seed.
    TrainParams trainParams() const;
    void setTrainParams(const TrainParams& params);  // all but the loss weights (see setLossWeights)

    void sync() { m_store.sync(); }

private:
    static std::size_t megabytesToBytes(int megabytes) {
        return static_cast<std::size_t>(std::max(1, megabytes)) << 20;
    }
    QSettings& m_store;
    bool m_gpuDefaults;
};

}  // namespace hrstyle
