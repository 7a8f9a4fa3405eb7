//===- inline.cpp - Small functions inlined at their known calls ----------===//
//
// A call of a known function with exactly its arguments, whose body is
// small (at most InlineSize expressions) and does not call the function
// itself, is replaced by a copy of the body: pass$lambda2 k x, after
// specialisation, is x + k, and the arithmetic then runs on unboxed
// numbers where the call would have built or evaluated nodes. The copy is
// typed for the call.
//
// An argument takes its parameter's place in the body where that costs
// nothing and keeps the order of evaluation: an atom, or an argument
// whose parameter the body uses once (Core has no lambdas, so that use
// runs at most once; in a lazy position it is built lazily there, as it
// would have been). An argument the body does not use is dropped; one it
// uses more than once is bound by a let, built lazily and shared as the
// call would have done (the strictness analysis then evaluates it at once
// where it is certainly needed). Inlined bodies are inlined into in turn,
// InlineDepth levels deep, which bounds functions that call each other.
//
//===----------------------------------------------------------------------===//

#include "passes/copy.h"
#include "passes/passes.h"

namespace lazyc::passes {

namespace {

constexpr unsigned InlineSize = 12;
constexpr unsigned InlineDepth = 4;

class Inliner {
public:
  Inliner(core::Program &program, core::Function &f)
      : program(program), f(f) {}

  void rewrite(core::ExprPtr &e, unsigned depth) {
    core::forEachChild(*e,
                       [&](core::ExprPtr &child) { rewrite(child, depth); });
    auto *app = llvm::dyn_cast<core::App>(e.get());
    if (!app)
      return;
    auto *head = llvm::dyn_cast<core::Global>(app->fun.get());
    if (!head || depth == InlineDepth)
      return;
    const core::Function &callee = program.functions[head->index];
    if (callee.arity() == 0 || callee.arity() != app->args.size() ||
        !isSmall(*callee.body, InlineSize) ||
        mentions(*callee.body, head->index))
      return;
    e = inlined(callee, *app);
    rewrite(e, depth + 1);
  }

private:
  core::Program &program;
  core::Function &f;

  static unsigned usesOf(const core::Expr &e, const core::Var *v) {
    if (auto *local = llvm::dyn_cast<core::Local>(&e))
      return local->var == v;
    unsigned n = 0;
    core::forEachChild(const_cast<core::Expr &>(e),
                       [&](core::ExprPtr &child) { n += usesOf(*child, v); });
    return n;
  }

  /// The callee's body for the call's arguments: let-bound unless atoms.
  core::ExprPtr inlined(const core::Function &callee, core::App &app) {
    Renaming renaming;
    TypeRef t = callee.type;
    for (const core::ExprPtr &arg : app.args) {
      t = resolve(t);
      matchType(t->from, arg->type, renaming.types);
      t = t->to;
    }
    matchType(t, app.type, renaming.types);
    std::vector<core::Binding> bindings;
    for (size_t j = 0; j < app.args.size(); ++j) {
      core::ExprPtr &arg = app.args[j];
      unsigned uses = usesOf(*callee.body, callee.params[j]);
      if (uses == 0)
        continue;
      if (uses > 1 && !core::isAtom(*arg)) {
        core::Var *v = f.newVar(callee.params[j]->name, arg->type);
        bindings.push_back({v, std::move(arg)});
        arg = std::make_unique<core::Local>(v);
      }
      renaming.replace[callee.params[j]] = arg.get();
    }
    core::ExprPtr body = copy(*callee.body, f, renaming);
    if (bindings.empty())
      return body;
    return std::make_unique<core::Let>(std::move(bindings), std::move(body));
  }
};

} // namespace

void inlineSmallFunctions(core::Program &program) {
  for (core::Function &f : program.functions)
    Inliner(program, f).rewrite(f.body, 0);
}

} // namespace lazyc::passes
