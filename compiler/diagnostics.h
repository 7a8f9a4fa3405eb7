//===- diagnostics.h - Compile errors with source positions -----*- C++ -*-===//
//
// Collects the errors of a compilation phase and renders them, in order of
// position, as FILE:LINE:COL: error: MESSAGE followed by the source line and a
// caret (llvm::SourceMgr does the rendering).
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_DIAGNOSTICS_H
#define LAZYC_DIAGNOSTICS_H

#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace lazyc {

class Diagnostics {
public:
  explicit Diagnostics(llvm::SourceMgr &sourceMgr) : sourceMgr(sourceMgr) {}

  void error(llvm::SMLoc loc, const llvm::Twine &message);

  bool hasErrors() const { return errorCount != 0; }
  unsigned errors() const { return errorCount; }

  /// Prints the errors collected since the last flush, sorted by position.
  void flush(llvm::raw_ostream &os);

  llvm::SourceMgr &sources() { return sourceMgr; }

private:
  struct Pending {
    llvm::SMLoc loc;
    std::string message;
  };
  llvm::SourceMgr &sourceMgr;
  std::vector<Pending> pending;
  unsigned errorCount = 0;
};

} // namespace lazyc

#endif
