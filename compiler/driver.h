//===- driver.h - Runs the phases of the compiler ---------------*- C++ -*-===//
//
// The only place that knows the order of the phases: parse, check names,
// infer types, check coverage (warnings), lift to Core, compile to G-machine code, generate LLVM IR,
// optimise, write an object file and link. Owns the options and the exit status.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_DRIVER_H
#define LAZYC_DRIVER_H

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

} // namespace lazyc

#endif
