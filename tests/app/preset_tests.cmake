# Style presets. The store runs on a private HOME in Qt's test mode; the CLI test drives the built
# hrstyle-cli with its own XDG_DATA_HOME, so neither sees nor touches the user's presets.
if(TARGET hrstyle_presets)
  find_package(Qt6 REQUIRED COMPONENTS Gui)
  hrstyle_add_test(NAME tst_PresetStore SOURCES tst_PresetStore.cpp
                   LIBS hrstyle::presets Qt6::Gui LABELS presets TIMEOUT 120)
  if(TARGET hrstyle-cli AND TARGET hrstyle_cli_testsupport)
    hrstyle_add_test(NAME tst_CliPresets SOURCES tst_CliPresets.cpp
                     LIBS hrstyle_cli_testsupport hrstyle::presets Qt6::Gui LABELS "presets;cli" TIMEOUT 300)
    add_dependencies(tst_CliPresets hrstyle-cli)
  endif()
endif()
