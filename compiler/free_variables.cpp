//===- free_variables.cpp - What each function body uses from outside -----===//

#include "free_variables.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace lazyc {

namespace {

/// Binders in order of first use, each once.
using Uses = llvm::SmallSetVector<const Name *, 4>;

void add(Uses &uses, const Uses &more) {
  uses.insert(more.begin(), more.end());
}

/// Takes the binders of BOUND out of USES.
void removeBound(Uses &uses, const llvm::SmallPtrSetImpl<const Name *> &bound) {
  uses.remove_if([&](const Name *n) { return bound.contains(n); });
}

class FreeVariableFinder {
public:
  explicit FreeVariableFinder(SymbolTable &symbols) : symbols(symbols) {}

  /// The local binders E uses that E does not bind.
  Uses visit(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Var: {
      const Name *binder = &symbols.binder(llvm::cast<VarExpr>(e));
      Uses uses;
      if (!isTopLevel(*binder))
        uses.insert(binder);
      return uses;
    }
    case Expr::Kind::Lambda: {
      auto &lambda = llvm::cast<LambdaExpr>(e);
      return function(lambda.params, *lambda.body);
    }
    case Expr::Kind::Let: {
      auto &let = llvm::cast<LetExpr>(e);
      Uses uses;
      llvm::SmallPtrSet<const Name *, 4> names;
      for (const FunctionDef &d : let.defs) {
        add(uses, function(d.params, *d.body));
        names.insert(&d.name);
      }
      add(uses, visit(*let.body));
      removeBound(uses, names);
      return uses;
    }
    case Expr::Kind::Case: {
      auto &c = llvm::cast<CaseExpr>(e);
      Uses uses = visit(*c.scrutinee);
      for (const Branch &b : c.branches) {
        Uses body = visit(*b.body);
        std::vector<const Name *> vars = boundBy(b.pattern);
        removeBound(
            body, llvm::SmallPtrSet<const Name *, 4>(vars.begin(), vars.end()));
        add(uses, body);
      }
      return uses;
    }
    default: {
      Uses uses;
      forEachChild(e, [&](const Expr &child) { add(uses, visit(child)); });
      return uses;
    }
    }
  }

private:
  SymbolTable &symbols;

  bool isTopLevel(const Name &binder) const {
    const FunctionDef *global = symbols.function(binder.text);
    return global && &global->name == &binder;
  }

  /// What a function of PARAMS with BODY uses from outside; recorded.
  Uses function(const std::vector<Name> &params, const Expr &body) {
    Uses uses = visit(body);
    uses.remove_if([&](const Name *n) {
      return n >= params.data() && n < params.data() + params.size();
    });
    symbols.freeVariables[&body].assign(uses.begin(), uses.end());
    return uses;
  }
};

} // namespace

void findFreeVariables(const Program &program, SymbolTable &symbols) {
  FreeVariableFinder finder(symbols);
  for (const FunctionDef &f : program.functions)
    finder.visit(*f.body);
}

} // namespace lazyc
