//===- types.cpp - Types, unification and type printing -------------------===//

#include "types.h"

namespace lazyc {

TypeRef makeVar() { return std::make_shared<Type>(Type::Kind::Var); }

TypeRef makeCon(std::string name) {
  auto t = std::make_shared<Type>(Type::Kind::Con);
  t->name = std::move(name);
  return t;
}

TypeRef makeFun(TypeRef from, TypeRef to) {
  auto t = std::make_shared<Type>(Type::Kind::Fun);
  t->from = std::move(from);
  t->to = std::move(to);
  return t;
}

TypeRef resolve(TypeRef t) {
  while (t->kind == Type::Kind::Var && t->binding)
    t = t->binding;
  return t;
}

static bool occurs(const Type *var, const TypeRef &t) {
  TypeRef r = resolve(t);
  if (r.get() == var)
    return true;
  return r->kind == Type::Kind::Fun &&
         (occurs(var, r->from) || occurs(var, r->to));
}

UnifyResult unify(const TypeRef &a, const TypeRef &b) {
  TypeRef x = resolve(a), y = resolve(b);
  if (x == y)
    return {};
  if (y->kind == Type::Kind::Var)
    std::swap(x, y);
  if (x->kind == Type::Kind::Var) {
    if (occurs(x.get(), y))
      return {UnifyResult::Kind::Infinite, x, y};
    x->binding = y;
    return {};
  }
  if (x->kind != y->kind)
    return UnifyResult::mismatch();
  if (x->kind == Type::Kind::Con)
    return x->name == y->name ? UnifyResult{} : UnifyResult::mismatch();
  if (UnifyResult r = unify(x->from, y->from); !r)
    return r;
  return unify(x->to, y->to);
}

std::string TypePrinter::print(const TypeRef &t) {
  std::string out;
  print(t, false, out);
  return out;
}

void TypePrinter::print(const TypeRef &type, bool parenthesiseFunctions,
                        std::string &out) {
  TypeRef t = resolve(type);
  switch (t->kind) {
  case Type::Kind::Var: {
    auto [it, fresh] = varNames.try_emplace(t.get());
    if (fresh) {
      size_t n = varNames.size() - 1;
      it->second = std::string(1, char('a' + n % 26));
      if (n >= 26)
        it->second += std::to_string(n / 26);
    }
    out += it->second;
    return;
  }
  case Type::Kind::Con:
    out += t->name;
    return;
  case Type::Kind::Fun:
    if (parenthesiseFunctions)
      out += '(';
    print(t->from, true, out);
    out += " -> ";
    print(t->to, false, out);
    if (parenthesiseFunctions)
      out += ')';
    return;
  }
}

} // namespace lazyc
