//===- ast.h - The syntax tree ----------------------------------*- C++ -*-===//
//
// The program as parsed: data declarations, function definitions and the
// expressions and patterns of their bodies, each with its source location.
// Expressions use LLVM-style RTTI (llvm::isa / dyn_cast on Expr::Kind).
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_AST_H
#define LAZYC_AST_H

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

enum class BinaryOp { Add, Sub, Mul, Div };

/// The operator as written in source ("+", "-", ...).
const char *spelling(BinaryOp op);

class Expr {
public:
  enum class Kind { Int, Var, Ctor, App, Binary, Case };

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

/// A pattern: a variable, or a constructor binding its fields to variables.
struct Pattern {
  enum class Kind { Var, Ctor };
  Kind kind;
  Name name; // the variable, or the constructor
  std::vector<Name> vars;
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

struct FunctionDef {
  Name name;
  std::vector<Name> params;
  ExprPtr body;
};

struct ConstructorDecl {
  Name name;
  std::vector<Name> fieldTypes; // Int or a data type name
};

struct DataDef {
  Name name;
  std::vector<ConstructorDecl> constructors;
};

struct Program {
  std::vector<DataDef> dataDefs;
  std::vector<FunctionDef> functions;
};

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
  }
}

} // namespace lazyc

#endif
