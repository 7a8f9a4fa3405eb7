//===- infer.h - Hindley-Milner type inference ------------------*- C++ -*-===//
//
// Infers the type of every function. Functions are inferred in dependency
// order (strongly connected components of the call graph, callees first), so
// a clash is reported where a function is used, not inside it. A clash is
// reported at the expression whose type clashes, naming the expected and the
// found type; after its first error a definition is abandoned and its uses
// elsewhere are not checked against it, so one mistake gives one message.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_INFER_H
#define LAZYC_INFER_H

#include "ast.h"
#include "diagnostics.h"
#include "names.h"
#include "types.h"

#include "llvm/ADT/StringMap.h"

#include <vector>

namespace lazyc {

/// The functions grouped into strongly connected components of the call
/// graph, each group after every group it calls; in a group, source order.
std::vector<std::vector<const FunctionDef *>>
dependencyGroups(const Program &program, const SymbolTable &symbols);

/// The type of every function, by name.
llvm::StringMap<TypeRef> inferTypes(const Program &program,
                                    const SymbolTable &symbols,
                                    Diagnostics &diags);

} // namespace lazyc

#endif
