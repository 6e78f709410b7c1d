# hrstyle_ui: the Qt Widgets pieces of the desktop app. Of core it knows only the plain value types of
# hrstyle_base (the loss weights the sliders edit); no engine, no torch.
find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Charts)

add_library(hrstyle_ui STATIC
  ${CMAKE_CURRENT_LIST_DIR}/ControlPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Decimation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ExportDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ImageView.cpp
  ${CMAKE_CURRENT_LIST_DIR}/LossChart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MainWindow.cpp
  ${CMAKE_CURRENT_LIST_DIR}/MessageBar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PreferencesDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PresetPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ProgressPanel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ResultView.cpp
  ${CMAKE_CURRENT_LIST_DIR}/SavePresetDialog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/WeightSlider.cpp)
add_library(hrstyle::ui ALIAS hrstyle_ui)
set_target_properties(hrstyle_ui PROPERTIES AUTOMOC ON)
target_include_directories(hrstyle_ui PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(hrstyle_ui
  PUBLIC Qt6::Widgets Qt6::Charts hrstyle::base
  PRIVATE hrstyle::options hrstyle::warnings)
