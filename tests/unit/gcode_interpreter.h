//===- gcode_interpreter.h - A reference interpreter of G-code -*- C++ -*-===//
//
// Runs a GProgram as the runtime and compiled code together would: the
// instructions of gmachine.h, the entries that update redexes, the unwind
// loop, thunks and black holes, on a heap of its own that is never
// collected. The compiler's unit tests run the schemes' output here, so they
// check what code computes rather than its exact listing.
//
// checkCode verifies gmachine.h's invariants statically, for every path of
// every supercombinator (the interpreter checks the path it takes too):
// nothing popped that the frame does not hold, branches that join with the
// same depths, every path ending in a return of the right kind.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_GCODE_INTERPRETER_H
#define LAZYC_GCODE_INTERPRETER_H

#include "gmachine.h"

#include <cstdint>
#include <map>
#include <string>

namespace lazyc::test {

/// "" if every supercombinator keeps the invariants, else the first
/// broken one, as "NAME: what".
std::string checkCode(const GProgram &program);

struct RunResult {
  /// What the program prints: main's value as Haskell's show would, then a
  /// newline; or the text up to a runtime error.
  std::string output;
  /// "" or "runtime error: MESSAGE", or "invalid G-code: WHAT" when the code
  /// breaks an invariant.
  std::string error;
  /// How many times each instruction ran, and how many times the unwind
  /// loop reduced a spine (an application of a global) or a thunk.
  std::map<Op, uint64_t> executed;
  uint64_t spinesUnwound = 0, thunksEntered = 0;
};

/// Runs main and prints its value; gives up (as a runtime error) after
/// stepLimit instructions.
RunResult runProgram(const GProgram &program, uint64_t stepLimit = 10000000);

} // namespace lazyc::test

#endif
