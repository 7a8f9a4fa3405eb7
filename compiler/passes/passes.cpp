//===- passes.cpp - The Core to Core passes -------------------------------===//

#include "passes/passes.h"

namespace lazyc::passes {

llvm::ArrayRef<Pass> all() {
  static const Pass passes[] = {
      {"known-case", "take a case's alternative when its scrutinee is known",
       caseOfKnownConstructor},
      {"arity",
       "let functions that return partial applications take all "
       "their arguments",
       raiseArity},
      {"specialise",
       "copy higher-order functions for the known functions they are given",
       specialise},
      {"inline", "replace calls of small functions by their bodies",
       inlineSmallFunctions},
      {"strictness",
       "analyse which arguments functions certainly evaluate (nor evaluate "
       "them before the call)",
       analyseStrictness},
      {"call-by-value",
       "evaluate the arguments and let values that are certainly needed "
       "at once",
       callByValue},
      {"worker-wrapper",
       "pass the strict Int arguments of known calls unboxed, in registers",
       chooseWorkers},
  };
  return passes;
}

} // namespace lazyc::passes
