# Widget tests: the real ui/ widgets driven with QTest, offscreen.
foreach(test tst_WeightSlider tst_ImageView tst_ResultView tst_LossChart tst_MainWindow tst_ProgressPanel tst_PresetPanel)
  hrstyle_add_test(NAME ${test} SOURCES ${test}.cpp LIBS hrstyle::ui LABELS gui ui TIMEOUT 60)
endforeach()
