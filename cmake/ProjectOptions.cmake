# One job: the interface targets every HRStyle target links privately (docs/contributing.md, "CMake").
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

add_library(hrstyle_options INTERFACE)
add_library(hrstyle::options ALIAS hrstyle_options)
# Qt's `slots`/`signals` macros break c10::ivalue::Object::slots(); Qt code uses Q_SLOTS etc. instead.
target_compile_definitions(hrstyle_options INTERFACE QT_NO_KEYWORDS
  HRSTYLE_VERSION="${PROJECT_VERSION}")

add_library(hrstyle_warnings INTERFACE)
add_library(hrstyle::warnings ALIAS hrstyle_warnings)
target_compile_options(hrstyle_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor>)

find_program(HRSTYLE_CCACHE ccache)
if(HRSTYLE_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${HRSTYLE_CCACHE}")
endif()
