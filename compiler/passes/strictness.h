//===- strictness.h - Which variables an expression certainly evaluates ---===//
//
// The strictness analysis (Mycroft's abstract interpretation over the
// two-point domain, one parameter at a time): a function is strict in a
// parameter when its result is undefined whenever that parameter is, so
// that evaluating the argument before the call changes nothing but when
// the work is done. Every function's signature is computed together, as
// the greatest set of strict parameters that is a fixpoint of the
// equations below (recursive and mutually recursive functions included:
// f x = f x is strict in x, as it never returns).
//
// What evaluating e to weak head normal form certainly evaluates, S(e):
//   - a variable: itself; a number, a constructor, a global: nothing;
//   - an operator: both operands;
//   - a case: its scrutinee, and what every alternative evaluates;
//   - a call of a known function with at least its arguments: the
//     arguments in its strict positions; with fewer (a partial
//     application, a value) nothing;
//   - a call of an unknown function: the function only (its arguments
//     are assumed lazy);
//   - a let: what its body evaluates, and what the values of the bound
//     variables among those evaluate.
// A case alternative missing from a case would fail: it evaluates
// everything, and so does not weaken the others.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_PASSES_STRICTNESS_H
#define LAZYC_PASSES_STRICTNESS_H

#include "core.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

namespace lazyc::passes {

/// S(e) for the expressions of one function's body, by Var::id, with the
/// signatures (Function::strict) as they stand; a function without one is
/// taken as lazy in every parameter. The sets may also hold variables
/// bound inside e.
class StrictVariables {
public:
  StrictVariables(const core::Program &program, const core::Function &f)
      : program(program), varCount(unsigned(f.vars.size())) {}

  llvm::BitVector of(const core::Expr &e);

  /// S of a let's body, computed once per let (a rewrite asks for it at
  /// every let of a nest, outermost first).
  const llvm::BitVector &ofBody(const core::Let &let);

  /// Whether v is in a set S(e).
  static bool contains(const llvm::BitVector &set, const core::Var &v) {
    return v.id < set.size() && set.test(v.id);
  }

private:
  const core::Program &program;
  unsigned varCount;
  llvm::DenseMap<const core::Let *, llvm::BitVector> letBodies;

  void addTo(const core::Expr &e, llvm::BitVector &set);
};

/// Whether argument i of a call of function `callee` is certainly
/// evaluated by the call.
inline bool isStrictIn(const core::Function &callee, size_t i) {
  return i < callee.strict.size() && callee.strict[i];
}

} // namespace lazyc::passes

#endif
