//===- names.h - Scope checking and the symbol table ------------*- C++ -*-===//
//
// Resolves the program's names: data types (with the built-in Int and Bool),
// constructors (numbered in declaration order after the built-in False and
// True, which is also the runtime's constructor id) and functions. Reports
// duplicate definitions (at the second one), redefined built-ins, unknown
// types, type constructors given the wrong number of arguments, unbound
// type variables, unbound variables and constructors, constructor patterns
// of the wrong arity, and a missing or parameterised main. Records the
// binder of every variable, so that scoping is done once, here, and (with
// free_variables) what each local function and lambda uses from outside.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_NAMES_H
#define LAZYC_NAMES_H

#include "ast.h"
#include "diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <vector>

namespace lazyc {

struct ConstructorInfo {
  const ConstructorDecl *decl;
  const DataDef *type;
  uint32_t id; // index into SymbolTable::constructors
  uint32_t arity() const { return uint32_t(decl->fieldTypes.size()); }
  const std::string &name() const { return decl->name.text; }
};

/// The built-in types.
inline constexpr const char *IntTypeName = "Int";
inline constexpr const char *BoolTypeName = "Bool";
/// The constructor ids of False and True (the runtime agrees: codegen.cpp
/// checks it).
inline constexpr uint32_t FalseId = 0, TrueId = 1;
/// The most fields a constructor may have (the runtime's node header has
/// room for no more: codegen.cpp checks it).
inline constexpr size_t MaxFields = 255;

/// data Bool = { False, True }, declared by the language itself.
const DataDef &builtinBool();

struct SymbolTable {
  std::vector<ConstructorInfo> constructors;
  llvm::StringMap<uint32_t> constructorIds;
  llvm::StringMap<const DataDef *> dataTypes; // Bool and the program's
  llvm::StringMap<const FunctionDef *> functions;
  const FunctionDef *main = nullptr;
  /// What every variable refers to: the Name that binds it (a parameter, a
  /// pattern variable, or a local or top-level definition's name). Later
  /// phases look scopes up here instead of searching them by name.
  llvm::DenseMap<const VarExpr *, const Name *> binders;

  const ConstructorInfo *constructor(llvm::StringRef name) const {
    auto it = constructorIds.find(name);
    return it == constructorIds.end() ? nullptr : &constructors[it->second];
  }
  const FunctionDef *function(llvm::StringRef name) const {
    auto it = functions.find(name);
    return it == functions.end() ? nullptr : it->second;
  }
  /// For the body of every local definition and lambda: the local binders
  /// it uses that are bound outside it (parameters, pattern variables and
  /// local definitions of enclosing scopes, and for a definition in a let
  /// itself and its siblings; never a top-level function), each once, in
  /// order of first use (free_variables.h).
  llvm::DenseMap<const Expr *, std::vector<const Name *>> freeVariables;
  /// The binder of a variable of a program that passed checkNames.
  const Name &binder(const VarExpr &var) const { return *binders.at(&var); }
};

SymbolTable checkNames(const Program &program, Diagnostics &diags);

} // namespace lazyc

#endif
