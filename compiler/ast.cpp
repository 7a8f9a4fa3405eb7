//===- ast.cpp - The syntax tree ------------------------------------------===//

#include "ast.h"

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

void forEachVariable(const Expr &e,
                     llvm::function_ref<void(const VarExpr &)> use) {
  if (auto *var = llvm::dyn_cast<VarExpr>(&e))
    use(*var);
  forEachChild(e, [&](const Expr &child) { forEachVariable(child, use); });
}

} // namespace lazyc
