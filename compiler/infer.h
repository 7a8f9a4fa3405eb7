//===- infer.h - Hindley-Milner type inference ------------------*- C++ -*-===//
//
// Infers the type of every function. Definitions are inferred in dependency
// order (strongly connected components of the call graph, callees first)
// and generalised after each group, at the top level and in every let, so
// a function may be used at several types; lambda- and case-bound
// variables stay monomorphic, as in Haskell. A clash is reported at the
// expression whose type clashes, naming the expected and the found type;
// after its first error a top-level definition is abandoned and its uses
// elsewhere are not checked against it, so one mistake gives one message.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_INFER_H
#define LAZYC_INFER_H

#include "ast.h"
#include "diagnostics.h"
#include "names.h"
#include "types.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <vector>

namespace lazyc {

/// defs grouped into strongly connected components of their references to
/// each other, each group after every group it refers to; within a group,
/// definition order.
std::vector<std::vector<const FunctionDef *>>
dependencyGroups(const std::vector<const FunctionDef *> &defs,
                 const SymbolTable &symbols);

/// What inference found, kept for the phases after it.
struct ProgramTypes {
  /// The scheme of every top-level function, by name.
  llvm::StringMap<Scheme> globals;
  /// The scheme of every binder: generalised for definitions (top-level and
  /// local), a plain type for parameters and pattern variables.
  llvm::DenseMap<const Name *, Scheme> binders;
  /// The type of every expression, as inferred at its occurrence.
  llvm::DenseMap<const Expr *, TypeRef> exprs;
};

ProgramTypes inferTypes(const Program &program, const SymbolTable &symbols,
                        Diagnostics &diags);

} // namespace lazyc

#endif
