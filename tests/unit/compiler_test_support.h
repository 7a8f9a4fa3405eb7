//===- compiler_test_support.h - Helpers for the compiler's unit tests ----===//
//
// A source text in a SourceMgr (as "test.txt") with its diagnostics, and the
// phases run up to the one under test. Errors are read back as the compiler
// prints them, one "LINE:COL: error: MESSAGE" string per error.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_COMPILER_TEST_SUPPORT_H
#define LAZYC_COMPILER_TEST_SUPPORT_H

#include "diagnostics.h"
#include "gcompile.h"
#include "gmachine.h"
#include "infer.h"
#include "lift.h"
#include "names.h"
#include "parse.h"
#include "passes/passes.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lazyc::test {

using Errors = std::vector<std::string>;

/// One source buffer named test.txt, and the diagnostics of its phases.
class Source {
public:
  explicit Source(llvm::StringRef text) {
    sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(text, "test.txt"), llvm::SMLoc());
  }
  Source(const Source &) = delete;
  Source &operator=(const Source &) = delete;

  const llvm::MemoryBuffer &buffer() const {
    return *sources.getMemoryBuffer(sources.getMainFileID());
  }

  /// The errors reported so far, exactly as the compiler prints them.
  std::string rendered() {
    std::string text;
    llvm::raw_string_ostream os(text);
    diags.flush(os);
    os.flush();
    return text;
  }

  /// The errors reported so far, as "LINE:COL: error: MESSAGE" lines.
  Errors errors() {
    Errors result;
    std::string text = rendered();
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(text).split(lines, '\n');
    for (llvm::StringRef line : lines)
      if (line.consume_front("test.txt:"))
        result.push_back(line.str());
    return result;
  }

  /// "LINE:COL" of a location in the buffer.
  std::string position(llvm::SMLoc loc) const {
    auto [line, col] = sources.getLineAndColumn(loc);
    return std::to_string(line) + ":" + std::to_string(col);
  }

  llvm::SourceMgr sources;
  Diagnostics diags{sources};
};

/// The phases run on one source, each only if the earlier ones succeeded.
/// Tests of a phase run the earlier ones with checkedPrefix, which fails the
/// test if the input is not valid up to there.
struct Compilation : Source {
  using Source::Source;

  Program program;
  SymbolTable symbols;
  ProgramTypes types;

  enum class Phase { Parse, Names, Types };

  /// Runs the phases up to and including last; the errors of last are left
  /// in the diagnostics, earlier errors are test failures.
  void runTo(Phase last) {
    program = parse(buffer(), diags);
    if (last == Phase::Parse)
      return;
    expectNoErrors("parse");
    symbols = checkNames(program, diags);
    if (last == Phase::Names)
      return;
    expectNoErrors("checkNames");
    types = inferTypes(program, symbols, diags);
  }

  void expectNoErrors(const char *phase) {
    if (diags.hasErrors())
      ADD_FAILURE() << "unexpected errors in " << phase << ":\n" << rendered();
  }
};

/// The errors of the phase `last` on source text.
inline Errors errorsOf(llvm::StringRef text, Compilation::Phase last) {
  Compilation c(text);
  c.runTo(last);
  return c.errors();
}

/// The Core of a program that must be valid.
inline core::Program liftValid(llvm::StringRef text) {
  Compilation c(text);
  c.runTo(Compilation::Phase::Types);
  c.expectNoErrors("inferTypes");
  return lift(c.program, c.symbols, c.types);
}

/// Core as --emit-core prints it.
inline std::string printedCore(const core::Program &program) {
  std::string text;
  llvm::raw_string_ostream os(text);
  core::print(program, os);
  return text;
}

/// The function called name in printed Core, up to the blank line after it.
inline std::string functionOf(const std::string &printed,
                              const std::string &name) {
  size_t start = printed.find(name + " :: ");
  if (start == std::string::npos)
    return "<no function " + name + ">";
  size_t end = printed.find("\n\n", start);
  return printed.substr(start, end == std::string::npos ? std::string::npos
                                                        : end - start + 1);
}

/// The G-machine code of a program that must be valid.
inline GProgram compileValid(llvm::StringRef text) {
  return compileProgram(liftValid(text));
}

/// The G-machine code of a valid program after every Core pass, as lazyc
/// compiles it at -O1 and up.
inline GProgram compileOptimised(llvm::StringRef text) {
  core::Program program = liftValid(text);
  for (const passes::Pass &pass : passes::all())
    pass.run(program);
  return compileProgram(program);
}

/// The printed G-machine code of a program.
inline std::string printedProgram(const GProgram &program) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print(program, os);
  os.flush();
  return text;
}

} // namespace lazyc::test

#endif
