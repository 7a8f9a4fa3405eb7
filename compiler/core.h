//===- core.h - The Core IR -------------------------------------*- C++ -*-===//
//
// The middle end's one form of the program: supercombinators (every lambda
// and local function lambda-lifted, lift.h) whose bodies are expressions
// over resolved variables, each expression with the type inference gave it.
// `if` is a case on Bool; a local function becomes a global applied to the
// variables it captures; only local values remain in a let. Passes rewrite
// Core (passes/), the G-machine schemes compile it (gcompile.h), and
// --emit-core prints it.
//
// Invariants (checkProgram verifies them):
//   - every Var used in a function's body is one of its parameters or is
//     bound by an enclosing case alternative or let of the same body;
//   - a Global refers to a function of the program, a Ctor to a
//     constructor, and an App has at least one argument and a head that is
//     not itself an App;
//   - a case's alternatives are all constructor alternatives or all
//     integer ones, possibly ending in one default alternative.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_CORE_H
#define LAZYC_CORE_H

#include "ast.h"
#include "types.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lazyc::core {

/// A variable local to one function: a parameter, a pattern variable or a
/// let-bound value. Owned by its function; compared by identity.
struct Var {
  std::string name; // as written, for printing
  unsigned id;      // unique within its function
  TypeRef type;
};

class Expr {
public:
  enum class Kind { Int, Local, Global, Ctor, App, PrimOp, Case, Let };

  virtual ~Expr() = default;
  Kind kind() const { return exprKind; }
  TypeRef type; // as inferred; may hold quantified variables

protected:
  Expr(Kind kind, TypeRef type) : type(std::move(type)), exprKind(kind) {}

private:
  const Kind exprKind;
};

using ExprPtr = std::unique_ptr<Expr>;

struct Int : Expr {
  Int(int64_t value, TypeRef type)
      : Expr(Kind::Int, std::move(type)), value(value) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Int; }
  int64_t value;
};

struct Local : Expr {
  explicit Local(Var *var) : Expr(Kind::Local, var->type), var(var) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Local; }
  Var *var;
};

/// A function of the program (a supercombinator), by index.
struct Global : Expr {
  Global(uint32_t index, TypeRef type)
      : Expr(Kind::Global, std::move(type)), index(index) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Global; }
  uint32_t index;
};

/// A constructor, by id: a value if it has no fields, else a function.
struct Ctor : Expr {
  Ctor(uint32_t id, TypeRef type) : Expr(Kind::Ctor, std::move(type)), id(id) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Ctor; }
  uint32_t id;
};

/// fun a1 ... an, n >= 1; fun is never an App.
struct App : Expr {
  App(ExprPtr fun, std::vector<ExprPtr> args, TypeRef type)
      : Expr(Kind::App, std::move(type)), fun(std::move(fun)),
        args(std::move(args)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::App; }
  ExprPtr fun;
  std::vector<ExprPtr> args;
};

/// An arithmetic operator or a comparison on two Ints.
struct PrimOp : Expr {
  PrimOp(BinaryOp op, ExprPtr lhs, ExprPtr rhs, TypeRef type)
      : Expr(Kind::PrimOp, std::move(type)), op(op), lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::PrimOp; }
  BinaryOp op;
  ExprPtr lhs, rhs;
};

struct Alt {
  enum class Kind { Ctor, Int, Default };
  Kind kind;
  uint32_t ctor = 0;         // Ctor
  int64_t value = 0;         // Int
  std::vector<Var *> fields; // Ctor: one per field, nullptr for `_`
  Var *binder = nullptr;     // Default: the variable pattern, if any
  ExprPtr body;
};

/// Evaluates the scrutinee and takes the first alternative that matches.
struct Case : Expr {
  Case(ExprPtr scrutinee, std::vector<Alt> alts, TypeRef type)
      : Expr(Kind::Case, std::move(type)), scrutinee(std::move(scrutinee)),
        alts(std::move(alts)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Case; }
  ExprPtr scrutinee;
  std::vector<Alt> alts;
};

struct Binding {
  Var *var;
  ExprPtr value;
};

/// Lazy local values, each built once and shared; they may refer to each
/// other and to themselves.
struct Let : Expr {
  Let(std::vector<Binding> bindings, ExprPtr body)
      : Expr(Kind::Let, body->type), bindings(std::move(bindings)),
        body(std::move(body)) {}
  static bool classof(const Expr *e) { return e->kind() == Kind::Let; }
  std::vector<Binding> bindings;
  ExprPtr body;
};

/// A supercombinator: a top-level definition or something lifted out of
/// one (named like owner$double, owner$lambda1).
struct Function {
  std::string name;
  std::vector<Var *> params;
  ExprPtr body;
  TypeRef type;                           // params -> result
  std::vector<std::unique_ptr<Var>> vars; // every Var of the function
  /// Per parameter, whether every call evaluates it (passes/strictness.h);
  /// empty until the strictness analysis has run.
  std::vector<bool> strict;
  /// Per parameter, whether the function's worker takes it as an unboxed
  /// Int (passes/worker_wrapper.cpp); empty: the function has no worker.
  std::vector<bool> unboxed;

  unsigned arity() const { return unsigned(params.size()); }
  Var *newVar(std::string name, TypeRef type);
};

/// The most parameters a worker takes unboxed: the code generator passes
/// them in registers, and every function's code takes that many.
constexpr unsigned MaxUnboxedParams = 4;

/// The name of f's worker: $wNAME, which no other function has (names of
/// the program start with a letter).
inline std::string workerName(const Function &f) { return "$w" + f.name; }

struct Constructor {
  std::string name;
  uint32_t arity;
};

struct Program {
  std::vector<Function> functions;       // a Global's index is its position
  std::vector<Constructor> constructors; // by id; False and True first
  uint32_t main = 0;
  bool strictnessKnown = false; // every Function::strict is filled in
};

/// The result type of a function of type `type` given `arity` arguments.
TypeRef resultType(const TypeRef &type, unsigned arity);

/// Whether a type is Int, or Bool (after following unification's
/// bindings).
bool isIntType(const TypeRef &type);
bool isBoolType(const TypeRef &type);

/// Calls visit on every direct subexpression of e.
void forEachChild(Expr &e, llvm::function_ref<void(ExprPtr &)> visit);

/// The variables that e uses but does not bind, each once, in order of
/// first use.
std::vector<Var *> freeVariables(const Expr &e);

/// The function an application calls with at least all its arguments (a
/// global of arity >= 1), or null: an unknown function, a constructor, a
/// partial application.
const Function *calledWithItsArguments(const Program &program, const App &app);

/// Whether building e costs nothing that sharing would save: a variable,
/// a number, a global or a constructor.
bool isAtom(const Expr &e);

/// Whether a let's values use any of the variables it binds (themselves or
/// each other): then none of them can be built before the others exist.
bool isRecursive(const Let &let);

/// Reports the first broken invariant of the header, or "" if none.
std::string checkProgram(const Program &program);

void print(const Program &program, llvm::raw_ostream &os);
void print(const Program &program, const Expr &e, llvm::raw_ostream &os);

} // namespace lazyc::core

#endif
