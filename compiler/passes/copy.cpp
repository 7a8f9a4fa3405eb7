//===- copy.cpp - Copies of Core expressions ------------------------------===//

#include "passes/copy.h"

namespace lazyc::passes {

namespace {

class Copier {
public:
  Copier(core::Function &into, Renaming &renaming)
      : into(into), renaming(renaming) {}

  core::ExprPtr copy(const core::Expr &e) {
    TypeRef type = substitute(e.type, renaming.types);
    switch (e.kind()) {
    case core::Expr::Kind::Int:
      return std::make_unique<core::Int>(llvm::cast<core::Int>(e).value, type);
    case core::Expr::Kind::Global:
      return std::make_unique<core::Global>(llvm::cast<core::Global>(e).index,
                                            type);
    case core::Expr::Kind::Ctor:
      return std::make_unique<core::Ctor>(llvm::cast<core::Ctor>(e).id, type);
    case core::Expr::Kind::Local: {
      const core::Var *var = llvm::cast<core::Local>(e).var;
      if (auto it = renaming.replace.find(var); it != renaming.replace.end())
        return verbatim(*it->second);
      return std::make_unique<core::Local>(variable(var));
    }
    case core::Expr::Kind::App: {
      auto &app = llvm::cast<core::App>(e);
      core::ExprPtr fun = copy(*app.fun);
      std::vector<core::ExprPtr> args;
      if (auto *inner = llvm::dyn_cast<core::App>(fun.get())) {
        args = std::move(inner->args);
        fun = std::move(inner->fun);
      }
      for (const core::ExprPtr &arg : app.args)
        args.push_back(copy(*arg));
      return std::make_unique<core::App>(std::move(fun), std::move(args), type);
    }
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(e);
      return std::make_unique<core::PrimOp>(op.op, copy(*op.lhs), copy(*op.rhs),
                                            type);
    }
    case core::Expr::Kind::Case: {
      auto &c = llvm::cast<core::Case>(e);
      core::ExprPtr scrutinee = copy(*c.scrutinee);
      std::vector<core::Alt> alts;
      for (const core::Alt &alt : c.alts) {
        core::Alt copied;
        copied.kind = alt.kind;
        copied.ctor = alt.ctor;
        copied.value = alt.value;
        for (core::Var *field : alt.fields)
          copied.fields.push_back(field ? variable(field) : nullptr);
        copied.binder = alt.binder ? variable(alt.binder) : nullptr;
        copied.body = copy(*alt.body);
        alts.push_back(std::move(copied));
      }
      return std::make_unique<core::Case>(std::move(scrutinee), std::move(alts),
                                          type);
    }
    case core::Expr::Kind::Let: {
      auto &let = llvm::cast<core::Let>(e);
      std::vector<core::Binding> bindings;
      for (const core::Binding &b : let.bindings)
        variable(b.var); // each value may refer to any of them
      for (const core::Binding &b : let.bindings)
        bindings.push_back({variable(b.var), copy(*b.value)});
      return std::make_unique<core::Let>(std::move(bindings), copy(*let.body));
    }
    }
    return nullptr;
  }

private:
  core::Function &into;
  Renaming &renaming;

  core::Var *variable(const core::Var *var) {
    auto [it, fresh] = renaming.rename.try_emplace(var, nullptr);
    if (fresh)
      it->second =
          into.newVar(var->name, substitute(var->type, renaming.types));
    return it->second;
  }

  /// A replacement, already the target's: copied as it is.
  core::ExprPtr verbatim(const core::Expr &e) {
    Renaming same;
    same.rename = identity(e);
    return Copier(into, same).copy(e);
  }

  static llvm::DenseMap<const core::Var *, core::Var *>
  identity(const core::Expr &e) {
    llvm::DenseMap<const core::Var *, core::Var *> map;
    for (core::Var *v : core::freeVariables(e))
      map[v] = v;
    return map;
  }
};

} // namespace

core::ExprPtr copy(const core::Expr &e, core::Function &into,
                   Renaming &renaming) {
  return Copier(into, renaming).copy(e);
}

bool mentions(const core::Expr &e, uint32_t index) {
  if (auto *global = llvm::dyn_cast<core::Global>(&e))
    return global->index == index;
  bool found = false;
  core::forEachChild(const_cast<core::Expr &>(e), [&](core::ExprPtr &child) {
    found = found || mentions(*child, index);
  });
  return found;
}

namespace {

/// Counts e's expressions down from `left`; false once they run out.
bool fits(const core::Expr &e, unsigned &left) {
  if (left == 0)
    return false;
  --left;
  bool fit = true;
  core::forEachChild(const_cast<core::Expr &>(e), [&](core::ExprPtr &child) {
    fit = fit && fits(*child, left);
  });
  return fit;
}

} // namespace

bool isSmall(const core::Expr &e, unsigned limit) { return fits(e, limit); }

} // namespace lazyc::passes
