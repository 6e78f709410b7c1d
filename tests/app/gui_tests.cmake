# Desktop-app glue: controller/worker and the whole window against a fake trainer (fast, no LibTorch work);
# the real engine only in the end-to-end, screenshot and quit tests.
set(HRSTYLE_GUI_TEST_INCLUDES ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/tests)

foreach(test tst_TrainingController tst_AppPresenter tst_Settings tst_ImageConversion tst_PresetPresenter)
  hrstyle_add_test(NAME ${test} SOURCES ${test}.cpp LIBS hrstyle::gui_lib LABELS gui TIMEOUT 60)
  target_include_directories(${test} PRIVATE ${HRSTYLE_GUI_TEST_INCLUDES})
endforeach()

if(TARGET hrstyle_weights_testsupport)
  hrstyle_add_test(NAME tst_WeightsPresenter SOURCES tst_WeightsPresenter.cpp
    LIBS hrstyle::gui_lib hrstyle_weights_testsupport LABELS gui weights TIMEOUT 120)
  target_include_directories(tst_WeightsPresenter PRIVATE ${HRSTYLE_GUI_TEST_INCLUDES})
endif()

if(TARGET hrstyle_gui_engine)
  hrstyle_add_test(NAME tst_RealTrainingBackend SOURCES tst_RealTrainingBackend.cpp
    LIBS hrstyle::gui_engine LABELS gui engine TIMEOUT 240)

  foreach(test tst_ImageExport tst_RefinedExport tst_ExportPresenter tst_PresetWarmStart tst_PreferencesPresenter)
    hrstyle_add_test(NAME ${test} SOURCES ${test}.cpp LIBS hrstyle::gui_engine LABELS gui engine TIMEOUT 120)
    target_include_directories(${test} PRIVATE ${HRSTYLE_GUI_TEST_INCLUDES})
  endforeach()

  foreach(test tst_QuitWhileTraining tst_OpenFromFileManager)
    hrstyle_add_test(NAME ${test} SOURCES ${test}.cpp LIBS Qt6::Core LABELS gui engine TIMEOUT 60)
    target_compile_definitions(${test} PRIVATE HRSTYLE_APP_PATH="$<TARGET_FILE:hrstyle>")
    add_dependencies(${test} hrstyle)
  endforeach()
  # The quit test measures wall time against its 2 s limit: on this 2-core machine a parallel
  # test saturating both cores starves the GUI thread, so it runs alone.
  set_tests_properties(tst_QuitWhileTraining PROPERTIES RUN_SERIAL TRUE)

  # The screenshot runs the real window under Xvfb when xvfb-run exists (else offscreen) and leaves
  # hrstyle-window.png in this build directory: a build artifact, not committed.
  add_executable(tst_AppScreenshot tst_AppScreenshot.cpp)
  set_target_properties(tst_AppScreenshot PROPERTIES AUTOMOC ON)
  target_link_libraries(tst_AppScreenshot PRIVATE Qt6::Test hrstyle::gui_engine hrstyle::options hrstyle::warnings)
  target_compile_definitions(tst_AppScreenshot PRIVATE
    HRSTYLE_SCREENSHOT_PATH="${CMAKE_CURRENT_BINARY_DIR}/hrstyle-window.png")
  find_program(HRSTYLE_XVFB_RUN xvfb-run)
  if(HRSTYLE_XVFB_RUN)
    add_test(NAME tst_AppScreenshot COMMAND ${HRSTYLE_XVFB_RUN} -a -s "-screen 0 1280x800x24"
             $<TARGET_FILE:tst_AppScreenshot>)
    set(screenshot_platform "QT_QPA_PLATFORM=xcb")
  else()
    add_test(NAME tst_AppScreenshot COMMAND tst_AppScreenshot)
    set(screenshot_platform "QT_QPA_PLATFORM=offscreen")
  endif()
  set_tests_properties(tst_AppScreenshot PROPERTIES ENVIRONMENT "${screenshot_platform}" TIMEOUT 240
                       LABELS "gui;engine")
endif()
