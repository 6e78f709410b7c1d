# VGG19 weights lookup, verification, download and `fetch-weights`. Downloads only ever talk to
# LocalHttpServer on 127.0.0.1: no test reaches the internet.
if(TARGET hrstyle_weights)
  find_package(Qt6 REQUIRED COMPONENTS Core Network)

  add_library(hrstyle_weights_testsupport STATIC LocalHttpServer.cpp VggTestFiles.cpp)
  set_target_properties(hrstyle_weights_testsupport PROPERTIES AUTOMOC ON)
  target_include_directories(hrstyle_weights_testsupport PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(hrstyle_weights_testsupport
    PUBLIC Qt6::Core Qt6::Network hrstyle::base
    PRIVATE hrstyle::options hrstyle::warnings)

  foreach(name TransferProgress VggWeightsFile VggWeightsLocator WeightsInstaller WeightsDownloader
               FetchWeightsCommand)
    hrstyle_add_test(NAME tst_${name} SOURCES tst_${name}.cpp
                     LIBS hrstyle::weights hrstyle_weights_testsupport LABELS weights TIMEOUT 120)
  endforeach()
endif()
