//===- copy.h - Copies of Core expressions for specialising and inlining --===//
//
// A pass that specialises or inlines a function copies its body into
// another function: the copy's variables must be the other function's,
// the parameters become what the call gives, and the types become those
// of the call (a polymorphic function copied for a call at Int has Int
// where it had a type variable, so that the schemes unbox what they can).
//
// Invariant: a copy keeps Core's invariants (core.h) when the expressions
// that replace variables are the target function's own; an application
// whose head a replacement turns into an application is flattened.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_PASSES_COPY_H
#define LAZYC_PASSES_COPY_H

#include "core.h"

#include "llvm/ADT/DenseMap.h"

namespace lazyc::passes {

/// What a copy does to the variables of the copied expression.
struct Renaming {
  /// Variables to replace by an expression of the target function (copied
  /// afresh at every use).
  llvm::DenseMap<const core::Var *, const core::Expr *> replace;
  /// Variables to rename to one of the target function; the copy adds
  /// every other variable it meets (bound inside the copied expression)
  /// to the target, and here.
  llvm::DenseMap<const core::Var *, core::Var *> rename;
  TypeSubstitution types;
};

/// A copy of e, an expression of another function (or of `into` itself),
/// as an expression of function `into`.
core::ExprPtr copy(const core::Expr &e, core::Function &into,
                   Renaming &renaming);

/// Whether e refers to global `index` (called or not).
bool mentions(const core::Expr &e, uint32_t index);

/// Whether e has at most `limit` expressions: a copy adds that many. (It
/// looks at no more of e than that.)
bool isSmall(const core::Expr &e, unsigned limit);

} // namespace lazyc::passes

#endif
