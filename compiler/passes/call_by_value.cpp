//===- call_by_value.cpp - Strict arguments and lets evaluated at once ----===//
//
// Where an expression is evaluated as soon as it is reached (a function's
// body, a case's scrutinee and alternatives, an operator's operands, the
// body of a let that is), by the signatures of passes/strictness.h:
//   - a call of a known function with its arguments evaluates the
//     arguments in its strict positions first, left to right:
//     f (g x) y is case g x of { v -> f v y }, so that no thunk is built
//     for g x, nor later evaluated and updated;
//   - a let whose body certainly evaluates a bound value computes it at
//     once (when the let's values do not refer to each other):
//     let v = e in b is case e of { v -> b }.
// Only what the call or the body evaluates anyway is evaluated, so the
// value computed is the same; what changes is when. When two of the
// arguments would fail, which failure is reported may change (as in GHC).
// An argument or value that is a variable or already a value stays: there
// is no thunk to save.
//
// A case or an operator that is not evaluated at once is compiled as a
// thunk of its own, whose code evaluates its scrutinee, alternatives and
// operands at once: they are rewritten as such.
//
//===----------------------------------------------------------------------===//

#include "passes/passes.h"
#include "passes/strictness.h"

namespace lazyc::passes {

namespace {

class Rewriter {
public:
  Rewriter(const core::Program &program, core::Function &f)
      : program(program), f(f), strict(program, f) {}

  /// Rewrites e; NOW says whether it is evaluated when reached.
  void rewrite(core::ExprPtr &e, bool now) {
    switch (e->kind()) {
    case core::Expr::Kind::Int:
    case core::Expr::Kind::Local:
    case core::Expr::Kind::Global:
    case core::Expr::Kind::Ctor:
      return;
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(*e);
      rewrite(op.lhs, true);
      rewrite(op.rhs, true);
      return;
    }
    case core::Expr::Kind::Case: {
      auto &c = llvm::cast<core::Case>(*e);
      rewrite(c.scrutinee, true);
      for (core::Alt &alt : c.alts)
        rewrite(alt.body, true);
      return;
    }
    case core::Expr::Kind::App:
      if (const core::Function *callee =
              core::calledWithItsArguments(program, llvm::cast<core::App>(*e));
          callee && now)
        rewriteCall(e, *callee);
      else
        core::forEachChild(
            *e, [&](core::ExprPtr &child) { rewrite(child, false); });
      return;
    case core::Expr::Kind::Let:
      rewriteLet(e, now);
      return;
    }
  }

private:
  const core::Program &program;
  core::Function &f;
  StrictVariables strict;

  /// Whether evaluating e at once saves building a thunk: not a variable,
  /// a number, a global, a constructor application or a partial one.
  bool savesAThunk(const core::Expr &e) const {
    auto *app = llvm::dyn_cast<core::App>(&e);
    if (!app)
      return llvm::isa<core::PrimOp>(e) || llvm::isa<core::Case>(e) ||
             llvm::isa<core::Let>(e);
    if (llvm::isa<core::Ctor>(*app->fun))
      return false;
    auto *global = llvm::dyn_cast<core::Global>(app->fun.get());
    return !global ||
           app->args.size() >= program.functions[global->index].arity();
  }

  /// case value of { binder -> body }.
  static core::ExprPtr evaluateFirst(core::ExprPtr value, core::Var *binder,
                                     core::ExprPtr body) {
    TypeRef type = body->type;
    std::vector<core::Alt> alts(1);
    alts[0].kind = core::Alt::Kind::Default;
    alts[0].binder = binder;
    alts[0].body = std::move(body);
    return std::make_unique<core::Case>(std::move(value), std::move(alts),
                                        std::move(type));
  }

  void rewriteCall(core::ExprPtr &e, const core::Function &callee) {
    auto &app = llvm::cast<core::App>(*e);
    std::vector<std::pair<core::Var *, core::ExprPtr>> first;
    for (size_t i = 0; i < app.args.size(); ++i) {
      core::ExprPtr &arg = app.args[i];
      bool eager = isStrictIn(callee, i) && savesAThunk(*arg);
      rewrite(arg, eager);
      if (!eager)
        continue;
      core::Var *v = f.newVar(callee.params[i]->name, arg->type);
      first.emplace_back(v, std::move(arg));
      arg = std::make_unique<core::Local>(v);
    }
    for (auto it = first.rbegin(); it != first.rend(); ++it)
      e = evaluateFirst(std::move(it->second), it->first, std::move(e));
  }

  void rewriteLet(core::ExprPtr &e, bool now) {
    auto &let = llvm::cast<core::Let>(*e);
    std::vector<core::Binding> eager, lazy;
    if (now && !core::isRecursive(let)) {
      llvm::BitVector body = strict.ofBody(let);
      for (core::Binding &b : let.bindings)
        (StrictVariables::contains(body, *b.var) && savesAThunk(*b.value)
             ? eager
             : lazy)
            .push_back(std::move(b));
    } else {
      lazy = std::move(let.bindings);
    }
    for (core::Binding &b : eager)
      rewrite(b.value, true);
    for (core::Binding &b : lazy)
      rewrite(b.value, false);
    rewrite(let.body, now);
    core::ExprPtr inner;
    if (lazy.empty()) {
      inner = std::move(let.body);
    } else {
      let.bindings = std::move(lazy);
      inner = std::move(e);
    }
    for (auto it = eager.rbegin(); it != eager.rend(); ++it)
      inner = evaluateFirst(std::move(it->value), it->var, std::move(inner));
    e = std::move(inner);
  }
};

} // namespace

void callByValue(core::Program &program) {
  if (!program.strictnessKnown)
    return;
  for (core::Function &f : program.functions)
    Rewriter(program, f).rewrite(f.body, true);
}

} // namespace lazyc::passes
