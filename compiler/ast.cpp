//===- ast.cpp - The syntax tree ------------------------------------------===//

#include "ast.h"

#include <algorithm>

namespace lazyc {

const char *spelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  case BinaryOp::Mod:
    return "%";
  case BinaryOp::Eq:
    return "==";
  case BinaryOp::Ne:
    return "/=";
  case BinaryOp::Lt:
    return "<";
  case BinaryOp::Le:
    return "<=";
  case BinaryOp::Gt:
    return ">";
  case BinaryOp::Ge:
    return ">=";
  }
  return "?";
}

std::vector<const Name *> boundBy(const Pattern &p) {
  std::vector<const Name *> names;
  if (p.kind == Pattern::Kind::Var)
    names.push_back(&p.name);
  for (const Name &v : p.vars)
    if (v.text != Wildcard)
      names.push_back(&v);
  return names;
}

namespace {

class FreeVariables {
public:
  explicit FreeVariables(const std::function<void(const VarExpr &)> &use)
      : use(use) {}

  void visit(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Var: {
      auto &var = llvm::cast<VarExpr>(e);
      if (std::find(bound.begin(), bound.end(), var.name) == bound.end())
        use(var);
      return;
    }
    case Expr::Kind::Case: {
      auto &c = llvm::cast<CaseExpr>(e);
      visit(*c.scrutinee);
      for (const Branch &b : c.branches) {
        size_t scope = bound.size();
        for (const Name *n : boundBy(b.pattern))
          bound.push_back(n->text);
        visit(*b.body);
        bound.resize(scope);
      }
      return;
    }
    case Expr::Kind::Let: {
      auto &let = llvm::cast<LetExpr>(e);
      size_t scope = bound.size();
      for (const FunctionDef &d : let.defs)
        bound.push_back(d.name.text);
      for (const FunctionDef &d : let.defs)
        visitFunction(d.params, *d.body);
      visit(*let.body);
      bound.resize(scope);
      return;
    }
    case Expr::Kind::Lambda: {
      auto &lambda = llvm::cast<LambdaExpr>(e);
      visitFunction(lambda.params, *lambda.body);
      return;
    }
    default:
      forEachChild(e, [this](const Expr &child) { visit(child); });
    }
  }

private:
  const std::function<void(const VarExpr &)> &use;
  std::vector<llvm::StringRef> bound;

  void visitFunction(const std::vector<Name> &params, const Expr &body) {
    size_t scope = bound.size();
    for (const Name &p : params)
      bound.push_back(p.text);
    visit(body);
    bound.resize(scope);
  }
};

} // namespace

void forEachFreeVariable(const Expr &e,
                         const std::function<void(const VarExpr &)> &use) {
  FreeVariables(use).visit(e);
}

} // namespace lazyc
