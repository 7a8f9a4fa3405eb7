//===- driver.h - Runs the phases of the compiler ---------------*- C++ -*-===//
//
// The only place that knows the order of the phases: parse, check names,
// infer types, check coverage (warnings), lift to Core, compile to G-machine
// code, generate LLVM IR, optimise, write an object file and link. Owns the
// options and the exit status.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_DRIVER_H
#define LAZYC_DRIVER_H

#include "core.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <set>
#include <string>

namespace lazyc {

struct Options {
  enum class Emit { Executable, Core, GMachine, LLVM };
  std::string input;
  std::string output; // empty: the default for what is emitted
  Emit emit = Emit::Executable;
  unsigned optLevel = 2;
  bool strict = true; // false: the plain G-machine scheme (-fno-strict)
  std::set<std::string> disabledPasses; // by name (passes/passes.h)
  bool incompletePatterns = true; // warn (-Wno-incomplete-patterns: do not)
  bool warningsAreErrors = false; // -Werror
};

/// Compiles as the options say; returns the process exit status.
int compile(const Options &options);

/// The phases up to Core, on the main buffer of SOURCES: parse, check names,
/// infer types, check coverage, lift, and the Core passes the options ask
/// for. Errors and warnings go to ERRORS; nullopt if there was an error.
std::optional<core::Program> compileToCore(llvm::SourceMgr &sources,
                                           const Options &options,
                                           llvm::raw_ostream &errors);

} // namespace lazyc

#endif
