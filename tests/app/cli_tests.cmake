# hrstyle-cli end to end: conformance with the Python oracle (docs/contributing.md) and
# hostile input. Both drive the built executable through QProcess.
if(TARGET hrstyle-cli)
  find_package(Qt6 REQUIRED COMPONENTS Gui)
  find_package(ZLIB REQUIRED)
  add_library(hrstyle_cli_testsupport STATIC CliTestSupport.cpp)
  target_include_directories(hrstyle_cli_testsupport PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(hrstyle_cli_testsupport PUBLIC Qt6::Core Qt6::Test PRIVATE hrstyle::options)
  target_compile_definitions(hrstyle_cli_testsupport PRIVATE
    HRSTYLE_REFERENCE_DIR="${HRSTYLE_REFERENCE_DIR}"
    HRSTYLE_CLI_PATH="$<TARGET_FILE:hrstyle-cli>")
  foreach(name CliConformance CliErrors CliFallback CliMemoryBudget CliLook)
    hrstyle_add_test(NAME tst_${name} SOURCES tst_${name}.cpp
                     LIBS hrstyle_cli_testsupport Qt6::Gui ZLIB::ZLIB LABELS cli TIMEOUT 600)
    add_dependencies(tst_${name} hrstyle-cli)
  endforeach()
  set_tests_properties(tst_CliConformance PROPERTIES LABELS "cli;oracle")
endif()
