//===- passes.h - The Core to Core passes -----------------------*- C++ -*-===//
//
// The middle end's optimisations, each a Core ▶ Core rewrite in a file of
// its own that keeps Core's invariants (core.h) and the program's meaning,
// laziness included. The driver runs them in this order under -O1 and up;
// -fno-NAME turns one off.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_PASSES_PASSES_H
#define LAZYC_PASSES_PASSES_H

#include "core.h"

#include "llvm/ADT/ArrayRef.h"

namespace lazyc::passes {

struct Pass {
  const char *name; // as in -fno-NAME
  const char *description;
  void (*run)(core::Program &program);
};

/// Every pass, in the order they run.
llvm::ArrayRef<Pass> all();

/// arity.cpp: a function whose body only applies a known function to
/// fewer arguments than it takes, all of them atoms, takes the missing
/// ones itself (f a b = g a b, not f a = g a), so that its calls with all
/// their arguments become direct calls.
void raiseArity(core::Program &program);

/// known_case.cpp: a case on a constructor application or a number
/// literal takes its alternative at compile time, the fields bound by a
/// let (so that nothing is evaluated that was not before).
void caseOfKnownConstructor(core::Program &program);

/// specialise.cpp: a call that passes a known function (a global, or a
/// global given some atoms) to a function-typed parameter that a
/// function passes on unchanged to itself calls a copy of the function
/// made for that argument, in which its calls are known.
void specialise(core::Program &program);

/// inline.cpp: known calls of small functions that do not call themselves
/// are replaced by their bodies, the arguments let-bound.
void inlineSmallFunctions(core::Program &program);

/// strictness.cpp: every function's strictness signature
/// (Function::strict), by the analysis of strictness.h.
void analyseStrictness(core::Program &program);

/// call_by_value.cpp: by the signatures, the arguments a call certainly
/// evaluates, and the let values a body certainly evaluates, are evaluated
/// at once rather than built as thunks. Nothing without the signatures.
void callByValue(core::Program &program);

/// worker_wrapper.cpp: by the signatures, the Int parameters each
/// function's worker takes unboxed (Function::unboxed). Nothing without
/// the signatures.
void chooseWorkers(core::Program &program);

} // namespace lazyc::passes

#endif
