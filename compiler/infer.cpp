//===- infer.cpp - Hindley-Milner type inference --------------------------===//

#include "infer.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

namespace lazyc {

namespace {

/// The global functions a body refers to (names not bound locally).
class FreeFunctions {
public:
  explicit FreeFunctions(const SymbolTable &symbols) : symbols(symbols) {}

  std::vector<const FunctionDef *> of(const FunctionDef &f) {
    found.clear();
    locals.assign(f.params.begin(), f.params.end());
    visit(*f.body);
    return found;
  }

private:
  const SymbolTable &symbols;
  std::vector<Name> locals;
  std::vector<const FunctionDef *> found;

  bool isLocal(llvm::StringRef name) const {
    return std::any_of(locals.begin(), locals.end(),
                       [&](const Name &n) { return n.text == name; });
  }

  void visit(const Expr &e) {
    if (auto *var = llvm::dyn_cast<VarExpr>(&e)) {
      if (!isLocal(var->name))
        if (const FunctionDef *f = symbols.function(var->name))
          found.push_back(f);
      return;
    }
    if (auto *c = llvm::dyn_cast<CaseExpr>(&e)) {
      visit(*c->scrutinee);
      for (const Branch &b : c->branches) {
        size_t depth = locals.size();
        if (b.pattern.kind == Pattern::Kind::Var)
          locals.push_back(b.pattern.name);
        locals.insert(locals.end(), b.pattern.vars.begin(), b.pattern.vars.end());
        visit(*b.body);
        locals.resize(depth);
      }
      return;
    }
    forEachChild(e, [this](const Expr &child) { visit(child); });
  }
};

/// Tarjan's algorithm over the call graph.
class GroupFinder {
public:
  GroupFinder(const Program &program, const SymbolTable &symbols) {
    FreeFunctions free(symbols);
    for (const FunctionDef &f : program.functions)
      if (symbols.function(f.name.text) == &f)
        calls[&f] = free.of(f);
    for (const FunctionDef &f : program.functions)
      if (calls.count(&f) && !index.count(&f))
        connect(&f);
  }

  std::vector<std::vector<const FunctionDef *>> groups;

private:
  llvm::DenseMap<const FunctionDef *, std::vector<const FunctionDef *>> calls;
  llvm::DenseMap<const FunctionDef *, unsigned> index, lowLink;
  std::vector<const FunctionDef *> stack;
  llvm::DenseMap<const FunctionDef *, bool> onStack;

  void connect(const FunctionDef *f) {
    unsigned n = index.size();
    index[f] = lowLink[f] = n;
    stack.push_back(f);
    onStack[f] = true;
    for (const FunctionDef *g : calls[f]) {
      if (!index.count(g)) {
        connect(g);
        lowLink[f] = std::min(lowLink[f], lowLink[g]);
      } else if (onStack[g]) {
        lowLink[f] = std::min(lowLink[f], index[g]);
      }
    }
    if (lowLink[f] != index[f])
      return;
    std::vector<const FunctionDef *> group;
    const FunctionDef *g;
    do {
      g = stack.back();
      stack.pop_back();
      onStack[g] = false;
      group.push_back(g);
    } while (g != f);
    std::sort(group.begin(), group.end()); // definitions are stored in order
    groups.push_back(std::move(group));
  }
};

/// Thrown to abandon the definition in which a type error was reported.
struct TypeError {};

class Inferencer {
public:
  Inferencer(const Program &program, const SymbolTable &symbols,
             Diagnostics &diags)
      : program(program), symbols(symbols), diags(diags) {}

  llvm::StringMap<TypeRef> run() {
    for (const ConstructorInfo &c : symbols.constructors)
      constructorTypes.push_back(constructorType(c));
    for (const auto &entry : symbols.functions)
      functionTypes[entry.getKey()] = makeVar();
    for (const auto &group : dependencyGroups(program, symbols)) {
      // Every function of a group gets its shape before any body is read,
      // so that a clash inside the group is found at the offending use.
      std::vector<std::vector<TypeRef>> params;
      std::vector<TypeRef> results;
      for (const FunctionDef *f : group) {
        params.emplace_back();
        TypeRef result = makeVar(), type = result;
        for (size_t i = 0; i < f->params.size(); ++i)
          params.back().push_back(makeVar());
        for (size_t i = f->params.size(); i-- > 0;)
          type = makeFun(params.back()[i], type);
        unify(functionTypes[f->name.text], type);
        results.push_back(result);
      }
      for (size_t i = 0; i < group.size(); ++i)
        inferFunction(*group[i], params[i], results[i]);
    }
    return std::move(functionTypes);
  }

private:
  const Program &program;
  const SymbolTable &symbols;
  Diagnostics &diags;
  std::vector<TypeRef> constructorTypes; // by constructor id
  llvm::StringMap<TypeRef> functionTypes;
  llvm::StringSet<> failed;
  std::vector<std::pair<llvm::StringRef, TypeRef>> locals; // innermost last

  static TypeRef named(const std::string &name) { return makeCon(name); }

  TypeRef constructorType(const ConstructorInfo &c) {
    TypeRef type = named(c.type->name.text);
    for (size_t i = c.decl->fieldTypes.size(); i-- > 0;)
      type = makeFun(named(c.decl->fieldTypes[i].text), type);
    return type;
  }

  void inferFunction(const FunctionDef &f, const std::vector<TypeRef> &params,
                     const TypeRef &result) {
    for (size_t i = 0; i < params.size(); ++i)
      locals.emplace_back(f.params[i].text, params[i]);
    try {
      check(*f.body, result);
    } catch (const TypeError &) {
      failed.insert(f.name.text);
    }
    locals.clear();
  }

  [[noreturn]] void clash(const Expr &e, const TypeRef &expected,
                          const TypeRef &found, const UnifyResult &why) {
    TypePrinter printer;
    if (why.kind == UnifyResult::Kind::Infinite) {
      std::string var = printer.print(why.var);
      diags.error(e.loc(), "cannot construct the infinite type " + var +
                               " = " + printer.print(why.type));
    } else {
      std::string expectedText = printer.print(expected);
      diags.error(e.loc(), "type mismatch: expected " + expectedText +
                               ", found " + printer.print(found));
    }
    throw TypeError{};
  }

  void check(const Expr &e, const TypeRef &expected) {
    TypeRef found = infer(e);
    if (UnifyResult r = unify(expected, found); !r)
      clash(e, expected, found, r);
  }

  TypeRef lookupVariable(const VarExpr &var) {
    for (auto it = locals.rbegin(); it != locals.rend(); ++it)
      if (it->first == var.name)
        return it->second;
    // A function whose own definition failed is not held against its users.
    if (failed.count(var.name))
      return makeVar();
    return functionTypes[var.name];
  }

  TypeRef infer(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Int:
      return named(IntTypeName);
    case Expr::Kind::Var:
      return lookupVariable(llvm::cast<VarExpr>(e));
    case Expr::Kind::Ctor:
      return constructorTypes[symbols.constructor(
          llvm::cast<CtorExpr>(e).name)->id];
    case Expr::Kind::App:
      return inferApplication(llvm::cast<AppExpr>(e));
    case Expr::Kind::Binary: {
      auto &bin = llvm::cast<BinaryExpr>(e);
      check(*bin.lhs, named(IntTypeName));
      check(*bin.rhs, named(IntTypeName));
      return named(IntTypeName);
    }
    case Expr::Kind::Case:
      return inferCase(llvm::cast<CaseExpr>(e));
    }
    return makeVar();
  }

  /// f a1 ... an: each argument is checked against the parameter type the
  /// function expects, so a wrong argument is reported at the argument.
  TypeRef inferApplication(const AppExpr &app) {
    std::vector<const AppExpr *> spine;
    const Expr *head = &app;
    while (auto *a = llvm::dyn_cast<AppExpr>(head)) {
      spine.push_back(a);
      head = a->fun.get();
    }
    TypeRef type = infer(*head);
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      const Expr &arg = *(*it)->arg;
      TypeRef fun = resolve(type);
      if (fun->kind == Type::Kind::Var) {
        fun->binding = makeFun(makeVar(), makeVar());
        fun = fun->binding;
      } else if (fun->kind != Type::Kind::Fun) {
        TypeRef expected = makeFun(infer(arg), makeVar());
        clash(*(*it)->fun, expected, fun, UnifyResult::mismatch());
      }
      check(arg, fun->from);
      type = fun->to;
    }
    return type;
  }

  TypeRef inferCase(const CaseExpr &c) {
    TypeRef scrutinee = infer(*c.scrutinee);
    TypeRef result;
    for (const Branch &b : c.branches) {
      size_t depth = locals.size();
      bindPattern(b.pattern, scrutinee);
      if (!result)
        result = infer(*b.body);
      else
        check(*b.body, result);
      locals.resize(depth);
    }
    return result;
  }

  void bindPattern(const Pattern &p, const TypeRef &scrutinee) {
    if (p.kind == Pattern::Kind::Var) {
      locals.emplace_back(p.name.text, scrutinee);
      return;
    }
    const ConstructorInfo *info = symbols.constructor(p.name.text);
    TypeRef type = constructorTypes[info->id];
    std::vector<TypeRef> fields;
    for (TypeRef t = resolve(type); t->kind == Type::Kind::Fun;
         t = resolve(t->to))
      fields.push_back(t->from);
    TypeRef result = named(info->type->name.text);
    if (UnifyResult r = unify(scrutinee, result); !r) {
      TypePrinter printer;
      std::string expected = printer.print(scrutinee);
      diags.error(p.name.loc, "type mismatch: expected " + expected +
                                  ", found " + printer.print(result));
      throw TypeError{};
    }
    for (size_t i = 0; i < p.vars.size(); ++i)
      locals.emplace_back(p.vars[i].text, fields[i]);
  }
};

} // namespace

std::vector<std::vector<const FunctionDef *>>
dependencyGroups(const Program &program, const SymbolTable &symbols) {
  return std::move(GroupFinder(program, symbols).groups);
}

llvm::StringMap<TypeRef> inferTypes(const Program &program,
                                    const SymbolTable &symbols,
                                    Diagnostics &diags) {
  return Inferencer(program, symbols, diags).run();
}

} // namespace lazyc
