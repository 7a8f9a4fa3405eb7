//===- diagnostics.cpp - Compile errors with source positions -------------===//

#include "diagnostics.h"

#include <algorithm>

namespace lazyc {

void Diagnostics::error(llvm::SMLoc loc, const llvm::Twine &message) {
  pending.push_back({loc, message.str()});
  ++errorCount;
}

void Diagnostics::flush(llvm::raw_ostream &os) {
  // All locations point into one buffer, so pointer order is position order.
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending &a, const Pending &b) {
                     return a.loc.getPointer() < b.loc.getPointer();
                   });
  for (const Pending &p : pending)
    sourceMgr.PrintMessage(os, p.loc, llvm::SourceMgr::DK_Error, p.message,
                           {}, {}, /*ShowColors=*/false);
  pending.clear();
}

} // namespace lazyc
