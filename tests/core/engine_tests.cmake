# Engine tests: tiny CPU tensors and images, well under a second each (LibTorch, no image files).
set(HRSTYLE_ENGINE_TEST_SUPPORT ${CMAKE_CURRENT_SOURCE_DIR}/EngineTestSupport.cpp)
foreach(test tst_StyleModel tst_LossNetwork tst_Trainer)
  hrstyle_add_test(NAME ${test} SOURCES ${test}.cpp ${HRSTYLE_ENGINE_TEST_SUPPORT}
                   LIBS hrstyle::engine LABELS core engine)
  target_include_directories(${test} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endforeach()

# The CPU fast path against LibTorch's operators: engine internals, so the engine's private headers.
hrstyle_add_test(NAME tst_CpuFastPath SOURCES tst_CpuFastPath.cpp LIBS hrstyle::engine torch LABELS core engine)
target_include_directories(tst_CpuFastPath PRIVATE ${PROJECT_SOURCE_DIR}/core/src/engine)
hrstyle_add_test(NAME tst_BufferCache SOURCES tst_BufferCache.cpp LIBS hrstyle::engine torch LABELS core engine)
hrstyle_add_test(NAME tst_FlatAdam SOURCES tst_FlatAdam.cpp LIBS hrstyle::engine torch LABELS core engine)
target_include_directories(tst_FlatAdam PRIVATE ${PROJECT_SOURCE_DIR}/core/src/engine)
# Inference within a memory budget: the engine's planner, so its private headers.
hrstyle_add_test(NAME tst_TiledInference SOURCES tst_TiledInference.cpp ${HRSTYLE_ENGINE_TEST_SUPPORT}
                 LIBS hrstyle::engine torch LABELS core engine)
target_include_directories(tst_TiledInference PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/core/src/engine)
