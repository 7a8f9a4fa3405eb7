//===- types.h - Types, unification and type printing -----------*- C++ -*-===//
//
// Monotypes of the language: type variables (bound in place by unification),
// named types (Int and data types) and function types. Unification performs
// the occurs check. TypePrinter names variables a, b, ... consistently across
// the types of one message.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_TYPES_H
#define LAZYC_TYPES_H

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>

namespace lazyc {

struct Type;
using TypeRef = std::shared_ptr<Type>;

struct Type {
  enum class Kind { Var, Con, Fun };
  explicit Type(Kind kind) : kind(kind) {}
  Kind kind;
  TypeRef binding;  // Var: the type it was unified with, if any
  std::string name; // Con
  TypeRef from, to; // Fun
};

TypeRef makeVar();
TypeRef makeCon(std::string name);
TypeRef makeFun(TypeRef from, TypeRef to);

/// Follows the bindings of unified variables.
TypeRef resolve(TypeRef t);

struct UnifyResult {
  enum class Kind { Ok, Mismatch, Infinite };
  Kind kind = Kind::Ok;
  TypeRef var, type; // Infinite: var would have to contain type
  explicit operator bool() const { return kind == Kind::Ok; }
  static UnifyResult mismatch() { return {Kind::Mismatch, nullptr, nullptr}; }
};

UnifyResult unify(const TypeRef &a, const TypeRef &b);

class TypePrinter {
public:
  std::string print(const TypeRef &t);

private:
  llvm::DenseMap<const Type *, std::string> varNames;
  void print(const TypeRef &t, bool parenthesiseFunctions, std::string &out);
};

} // namespace lazyc

#endif
