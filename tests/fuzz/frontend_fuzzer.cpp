//===- frontend_fuzzer.cpp - libFuzzer target over the whole compiler -----===//
//
// Feeds arbitrary bytes to lazyc's phases as a program: lexer, parser,
// names, inference, coverage, lifting and the Core passes (compileToCore),
// then both G-machine schemes and LLVM code generation, which verifies the
// module it builds. Any crash, sanitizer report, failed assertion or
// invalid module is a finding. Built with clang-19 under LAZYC_FUZZ
// (tests/CMakeLists.txt), seeded with the golden programs.
//
//===----------------------------------------------------------------------===//

#include "codegen.h"
#include "driver.h"
#include "gcompile.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.txt"),
      llvm::SMLoc());
  lazyc::Options options;
  std::optional<lazyc::core::Program> core =
      lazyc::compileToCore(sources, options, llvm::nulls());
  if (!core)
    return 0;
  lazyc::compileProgram(*core, lazyc::SchemeOptions{/*strict=*/false});
  lazyc::GProgram program = lazyc::compileProgram(*core);
  llvm::LLVMContext context;
  lazyc::generateModule(program, context, "fuzz.txt");
  return 0;
}
