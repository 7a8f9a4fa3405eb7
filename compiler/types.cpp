//===- types.cpp - Types, unification and type printing -------------------===//

#include "types.h"

#include <algorithm>

namespace lazyc {

TypeRef makeVar(int level) {
  auto t = std::make_shared<Type>(Type::Kind::Var);
  t->level = level;
  return t;
}

TypeRef makeCon(std::string name, std::vector<TypeRef> args) {
  auto t = std::make_shared<Type>(Type::Kind::Con);
  t->name = std::move(name);
  t->args = std::move(args);
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

/// Whether var occurs in t; lowers the levels in t to var's on the way, as
/// binding var to t makes t's variables as old as var.
static bool occursAndAdjust(const Type *var, const TypeRef &t) {
  TypeRef r = resolve(t);
  switch (r->kind) {
  case Type::Kind::Var:
    if (r.get() == var)
      return true;
    r->level = std::min(r->level, var->level);
    return false;
  case Type::Kind::Con:
    return std::any_of(r->args.begin(), r->args.end(), [&](const TypeRef &a) {
      return occursAndAdjust(var, a);
    });
  case Type::Kind::Fun:
    return occursAndAdjust(var, r->from) || occursAndAdjust(var, r->to);
  }
  return false;
}

UnifyResult unify(const TypeRef &a, const TypeRef &b) {
  TypeRef x = resolve(a), y = resolve(b);
  if (x == y)
    return {};
  if (y->kind == Type::Kind::Var)
    std::swap(x, y);
  if (x->kind == Type::Kind::Var) {
    if (occursAndAdjust(x.get(), y))
      return {UnifyResult::Kind::Infinite, x, y};
    x->binding = y;
    return {};
  }
  if (x->kind != y->kind)
    return UnifyResult::mismatch();
  if (x->kind == Type::Kind::Fun) {
    if (UnifyResult r = unify(x->from, y->from); !r)
      return r;
    return unify(x->to, y->to);
  }
  if (x->name != y->name || x->args.size() != y->args.size())
    return UnifyResult::mismatch();
  for (size_t i = 0; i < x->args.size(); ++i)
    if (UnifyResult r = unify(x->args[i], y->args[i]); !r)
      return r;
  return {};
}

static void collectQuantified(const TypeRef &t, int level,
                              std::vector<const Type *> &out) {
  TypeRef r = resolve(t);
  switch (r->kind) {
  case Type::Kind::Var:
    if (r->level > level &&
        std::find(out.begin(), out.end(), r.get()) == out.end())
      out.push_back(r.get());
    return;
  case Type::Kind::Con:
    for (const TypeRef &a : r->args)
      collectQuantified(a, level, out);
    return;
  case Type::Kind::Fun:
    collectQuantified(r->from, level, out);
    collectQuantified(r->to, level, out);
    return;
  }
}

Scheme generalize(const TypeRef &t, int level) {
  Scheme scheme{{}, t};
  collectQuantified(t, level, scheme.quantified);
  return scheme;
}

TypeRef substitute(const TypeRef &t, const TypeSubstitution &s) {
  TypeRef r = resolve(t);
  if (s.empty())
    return r;
  switch (r->kind) {
  case Type::Kind::Var: {
    auto it = s.find(r.get());
    return it == s.end() ? r : it->second;
  }
  case Type::Kind::Con: {
    if (r->args.empty())
      return r;
    std::vector<TypeRef> args;
    for (const TypeRef &a : r->args)
      args.push_back(substitute(a, s));
    return makeCon(r->name, std::move(args));
  }
  case Type::Kind::Fun:
    return makeFun(substitute(r->from, s), substitute(r->to, s));
  }
  return r;
}

bool matchType(const TypeRef &pattern, const TypeRef &target,
               TypeSubstitution &s) {
  TypeRef p = resolve(pattern), t = resolve(target);
  switch (p->kind) {
  case Type::Kind::Var:
    s.try_emplace(p.get(), t);
    return true;
  case Type::Kind::Con:
    if (t->kind != Type::Kind::Con || t->name != p->name ||
        t->args.size() != p->args.size())
      return false;
    for (size_t i = 0; i < p->args.size(); ++i)
      if (!matchType(p->args[i], t->args[i], s))
        return false;
    return true;
  case Type::Kind::Fun:
    return t->kind == Type::Kind::Fun && matchType(p->from, t->from, s) &&
           matchType(p->to, t->to, s);
  }
  return false;
}

TypeRef instantiate(const Scheme &scheme, int level) {
  if (scheme.quantified.empty())
    return scheme.type;
  TypeSubstitution fresh;
  for (const Type *v : scheme.quantified)
    fresh[v] = makeVar(level);
  return substitute(scheme.type, fresh);
}

std::string TypePrinter::print(const TypeRef &t) {
  std::string out;
  print(t, Position::Top, out);
  return out;
}

void TypePrinter::print(const TypeRef &type, Position position,
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
  case Type::Kind::Con: {
    bool parenthesise = position == Position::TypeArgument && !t->args.empty();
    if (parenthesise)
      out += '(';
    out += t->name;
    for (const TypeRef &a : t->args) {
      out += ' ';
      print(a, Position::TypeArgument, out);
    }
    if (parenthesise)
      out += ')';
    return;
  }
  case Type::Kind::Fun: {
    bool parenthesise = position != Position::Top;
    if (parenthesise)
      out += '(';
    print(t->from, Position::FunctionArgument, out);
    out += " -> ";
    print(t->to, Position::Top, out);
    if (parenthesise)
      out += ')';
    return;
  }
  }
}

} // namespace lazyc
