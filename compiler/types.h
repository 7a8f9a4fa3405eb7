//===- types.h - Types, unification and type printing -----------*- C++ -*-===//
//
// Types of the language: type variables (bound in place by unification),
// type constructors applied to arguments (Int, Bool, List a) and function
// types. Unification performs the occurs check. Generalisation uses levels:
// a variable made while inferring a group of definitions at level L+1 that
// is still unbound afterwards, and not reachable from an enclosing binding
// (unification lowers the level of what it binds), becomes a quantified
// variable of the group's type schemes. TypePrinter names variables a, b,
// ... consistently across the types of one message.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_TYPES_H
#define LAZYC_TYPES_H

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>
#include <vector>

namespace lazyc {

struct Type;
using TypeRef = std::shared_ptr<Type>;

struct Type {
  enum class Kind { Var, Con, Fun };
  explicit Type(Kind kind) : kind(kind) {}
  Kind kind;
  TypeRef binding;           // Var: the type it was unified with, if any
  int level = 0;             // Var: the binding depth it belongs to
  std::string name;          // Con
  std::vector<TypeRef> args; // Con
  TypeRef from, to;          // Fun
};

TypeRef makeVar(int level);
TypeRef makeCon(std::string name, std::vector<TypeRef> args = {});
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

/// Type variables and the types that replace them.
using TypeSubstitution = llvm::DenseMap<const Type *, TypeRef>;

/// t with s's variables replaced.
TypeRef substitute(const TypeRef &t, const TypeSubstitution &s);

/// Extends s so that `pattern` under s is `target`, binding only
/// variables of pattern (one-way unification, which changes neither
/// type); false if the shapes differ.
bool matchType(const TypeRef &pattern, const TypeRef &target,
               TypeSubstitution &s);

/// A type with some of its variables quantified: ∀ quantified. type.
struct Scheme {
  std::vector<const Type *> quantified;
  TypeRef type;
};

/// The scheme of t that quantifies its variables deeper than level.
Scheme generalize(const TypeRef &t, int level);

/// A copy of the scheme's type with fresh variables (at level) for its
/// quantified ones.
TypeRef instantiate(const Scheme &scheme, int level);

class TypePrinter {
public:
  std::string print(const TypeRef &t);

private:
  enum class Position { Top, FunctionArgument, TypeArgument };
  llvm::DenseMap<const Type *, std::string> varNames;
  void print(const TypeRef &t, Position position, std::string &out);
};

} // namespace lazyc

#endif
