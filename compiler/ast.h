//===- ast.h - The syntax tree ----------------------------------*- C++ -*-===//
//
// The program as parsed: data declarations, function definitions and the
// expressions and patterns of their bodies, each with its source location.
// Expressions use LLVM-style RTTI (llvm::isa / dyn_cast on Expr::Kind).
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_AST_H
#define LAZYC_AST_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lazyc {

/// Where a token or phrase was written: a range of the source buffer. This is
/// the parser's location type; diagnostics use its beginning.
struct SourceRange {
  const char *begin = nullptr;
  const char *end = nullptr;
  llvm::SMLoc start() const { return llvm::SMLoc::getFromPointer(begin); }
};

/// A name together with where it was written.
struct Name {
  std::string text;
  llvm::SMLoc loc;
};

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge };

/// Comparisons give a Bool; the other operators an Int.
inline bool isComparison(BinaryOp op) { return op >= BinaryOp::Eq; }

/// The operator as written in source ("+", "-", ...).
const char *spelling(BinaryOp op);

class Expr {
public:
  enum class Kind { Int, Var, Ctor, App, Binary, Case, If, Let, Lambda };

  virtual ~Expr() = default;
  Kind kind() const { return exprKind; }
  llvm::SMLoc loc() const { return location; }

protected:
  Expr(Kind kind, llvm::SMLoc loc) : exprKind(kind), location(loc) {}

private:
  const Kind exprKind;
  llvm::SMLoc location;
};

using ExprPtr = std::unique_ptr<Expr>;

struct IntExpr : Expr {
  IntExpr(int64_t value, llvm::SMLoc loc) : Expr(Kind::Int, loc), value(value) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Int; }
  int64_t value;
};

/// A lower-case name: a parameter, a pattern variable or a function.
struct VarExpr : Expr {
  VarExpr(std::string name, llvm::SMLoc loc)
      : Expr(Kind::Var, loc), name(std::move(name)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Var; }
  std::string name;
};

/// An upper-case name: a data constructor.
struct CtorExpr : Expr {
  CtorExpr(std::string name, llvm::SMLoc loc)
      : Expr(Kind::Ctor, loc), name(std::move(name)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Ctor; }
  std::string name;
};

struct AppExpr : Expr {
  AppExpr(ExprPtr fun, ExprPtr arg)
      : Expr(Kind::App, fun->loc()), fun(std::move(fun)), arg(std::move(arg)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::App; }
  ExprPtr fun;
  ExprPtr arg;
};

struct BinaryExpr : Expr {
  BinaryExpr(BinaryOp op, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Binary, lhs->loc()), op(op), lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Binary; }
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};

/// The name a wildcard pattern "binds": nothing can refer to it.
inline constexpr const char *Wildcard = "_";

/// A pattern: a variable, `_`, a non-negative integer, or a constructor
/// binding its fields to variables (or `_`).
struct Pattern {
  enum class Kind { Var, Wildcard, Int, Ctor };
  Kind kind;
  Name name; // the variable or the constructor
  std::vector<Name> vars;
  int64_t value = 0; // Int
};

struct Branch {
  Pattern pattern;
  ExprPtr body;
};

struct CaseExpr : Expr {
  CaseExpr(ExprPtr scrutinee, std::vector<Branch> branches, llvm::SMLoc loc)
      : Expr(Kind::Case, loc), scrutinee(std::move(scrutinee)),
        branches(std::move(branches)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Case; }
  ExprPtr scrutinee;
  std::vector<Branch> branches;
};

struct IfExpr : Expr {
  IfExpr(ExprPtr condition, ExprPtr thenExpr, ExprPtr elseExpr, llvm::SMLoc loc)
      : Expr(Kind::If, loc), condition(std::move(condition)),
        thenExpr(std::move(thenExpr)), elseExpr(std::move(elseExpr)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::If; }
  ExprPtr condition, thenExpr, elseExpr;
};

struct FunctionDef {
  Name name;
  std::vector<Name> params;
  ExprPtr body;
};

/// let { defn ... } in { body }: local definitions, possibly recursive.
struct LetExpr : Expr {
  LetExpr(std::vector<FunctionDef> defs, ExprPtr body, llvm::SMLoc loc)
      : Expr(Kind::Let, loc), defs(std::move(defs)), body(std::move(body)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Let; }
  std::vector<FunctionDef> defs;
  ExprPtr body;
};

struct LambdaExpr : Expr {
  LambdaExpr(std::vector<Name> params, ExprPtr body, llvm::SMLoc loc)
      : Expr(Kind::Lambda, loc), params(std::move(params)),
        body(std::move(body)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Lambda; }
  std::vector<Name> params;
  ExprPtr body;
};

/// A field type: a type variable, or a type constructor applied to
/// arguments (Int, List a, Pair (List a) Int).
struct TypeExpr {
  Name head;
  std::vector<TypeExpr> args;
  bool isVariable() const { return llvm::isLower(head.text.front()); }
};

struct ConstructorDecl {
  Name name;
  std::vector<TypeExpr> fieldTypes;
};

struct DataDef {
  Name name;
  std::vector<Name> params; // type variables
  std::vector<ConstructorDecl> constructors;
};

struct Program {
  std::vector<DataDef> dataDefs;
  std::vector<FunctionDef> functions;
};

/// The variables a pattern binds (not `_`).
std::vector<const Name *> boundBy(const Pattern &p);

/// Calls use on every occurrence of a variable in e, in source order (what
/// each refers to is for the symbol table to say: names.h).
void forEachVariable(const Expr &e,
                     llvm::function_ref<void(const VarExpr &)> use);

/// Calls visit on every direct subexpression of e.
template <typename Visit> void forEachChild(const Expr &e, Visit &&visit) {
  switch (e.kind()) {
  case Expr::Kind::Int:
  case Expr::Kind::Var:
  case Expr::Kind::Ctor:
    return;
  case Expr::Kind::App: {
    auto &app = llvm::cast<AppExpr>(e);
    visit(*app.fun);
    visit(*app.arg);
    return;
  }
  case Expr::Kind::Binary: {
    auto &bin = llvm::cast<BinaryExpr>(e);
    visit(*bin.lhs);
    visit(*bin.rhs);
    return;
  }
  case Expr::Kind::Case: {
    auto &c = llvm::cast<CaseExpr>(e);
    visit(*c.scrutinee);
    for (const Branch &b : c.branches)
      visit(*b.body);
    return;
  }
  case Expr::Kind::If: {
    auto &i = llvm::cast<IfExpr>(e);
    visit(*i.condition);
    visit(*i.thenExpr);
    visit(*i.elseExpr);
    return;
  }
  case Expr::Kind::Let: {
    auto &let = llvm::cast<LetExpr>(e);
    for (const FunctionDef &d : let.defs)
      visit(*d.body);
    visit(*let.body);
    return;
  }
  case Expr::Kind::Lambda:
    visit(*llvm::cast<LambdaExpr>(e).body);
    return;
  }
}

} // namespace lazyc

#endif
