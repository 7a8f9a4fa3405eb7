//===- diagnostics.h - Compile errors and warnings with positions -*- C++
//-*-===//
//
// Collects the errors and warnings of a compilation phase, each with the
// notes that explain it, and renders them in order of position as
// FILE:LINE:COL: error: MESSAGE followed by the source line and a caret.
// Lines count '\n's only, and columns bytes from the line's start (a tab is
// one column, as LANGUAGE.md says). The line is shown with its tabs expanded
// and any other control character as a space, and the caret lines up under
// the column whatever the line holds: a UTF-8 character takes its width on
// screen (two columns for CJK), whatever its bytes.
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
  /// A warning that the flag -Wno-FLAG turns off; an error under -Werror.
  void warning(llvm::SMLoc loc, const llvm::Twine &message,
               llvm::StringRef flag);
  /// A note on the error or warning reported last.
  void note(llvm::SMLoc loc, const llvm::Twine &message);

  /// Report every warning as an error (-Werror).
  void setWarningsAreErrors(bool value) { warningsAreErrors = value; }

  bool hasErrors() const { return errorCount != 0; }
  unsigned errors() const { return errorCount; }

  /// Prints what was reported since the last flush, sorted by position.
  void flush(llvm::raw_ostream &os);

  llvm::SourceMgr &sources() { return sourceMgr; }

private:
  struct Message {
    llvm::SMLoc loc;
    const char *severity;
    std::string text;
  };
  struct Pending {
    Message message;
    std::vector<Message> notes;
    size_t order; // of reporting: the second key of flush's sort
  };
  void report(llvm::SMLoc loc, const char *severity, std::string text);
  void print(llvm::raw_ostream &os, const Message &message) const;

  llvm::SourceMgr &sourceMgr;
  std::vector<Pending> pending;
  unsigned errorCount = 0;
  bool warningsAreErrors = false;
};

} // namespace lazyc

#endif
