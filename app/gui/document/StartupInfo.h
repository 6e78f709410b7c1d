#pragma once
// What the status bar shows before the first run (the backend fills in the rest once a run starts).
#include <QString>

namespace hrstyle {

struct StartupInfo {
    QString deviceText;
    QString lossNetworkText;
    bool randomFeatures = true;
    bool randomFeaturesChosen = false;  // --random-features: the user asked for them, so offer no weights
};

}  // namespace hrstyle
