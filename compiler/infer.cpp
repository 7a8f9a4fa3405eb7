//===- infer.cpp - Hindley-Milner type inference --------------------------===//

#include "infer.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

namespace lazyc {

namespace {

/// Tarjan's algorithm over the references between a set of definitions.
class GroupFinder {
public:
  GroupFinder(const std::vector<const FunctionDef *> &defs,
              const SymbolTable &symbols) {
    llvm::DenseMap<const Name *, const FunctionDef *> byBinder;
    for (const FunctionDef *d : defs)
      byBinder.try_emplace(&d->name, d);
    for (const FunctionDef *d : defs) {
      std::vector<const FunctionDef *> &out = calls[d];
      auto use = [&](const Name *binder) {
        auto it = byBinder.find(binder);
        if (it != byBinder.end())
          out.push_back(it->second);
      };
      // A local definition's siblings are among what its body uses from
      // outside; a top-level body is walked once, whatever it calls.
      if (auto it = symbols.freeVariables.find(d->body.get());
          it != symbols.freeVariables.end())
        for (const Name *binder : it->second)
          use(binder);
      else
        forEachVariable(*d->body,
                        [&](const VarExpr &var) { use(&symbols.binder(var)); });
    }
    for (const FunctionDef *d : defs)
      if (!index.count(d))
        connect(d);
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

/// Thrown to abandon the top-level definition in which a type error was
/// reported.
struct TypeError {};

class Inferencer {
public:
  Inferencer(const Program &program, const SymbolTable &symbols,
             Diagnostics &diags)
      : program(program), symbols(symbols), diags(diags) {}

  ProgramTypes run() {
    for (const ConstructorInfo &c : symbols.constructors)
      constructorSchemes.push_back(constructorScheme(c));
    std::vector<const FunctionDef *> defs;
    for (const FunctionDef &f : program.functions)
      if (symbols.function(f.name.text) == &f)
        defs.push_back(&f);
    for (const auto &group : dependencyGroups(defs, symbols)) {
      try {
        inferGroup(group);
      } catch (const TypeError &) {
        // Its uses elsewhere are not held against the broken group.
        level = 0;
        for (const FunctionDef *f : group)
          bindGlobal(*f, Scheme{{}, nullptr});
      }
    }
    return std::move(out);
  }

private:
  const Program &program;
  const SymbolTable &symbols;
  Diagnostics &diags;
  std::vector<Scheme> constructorSchemes; // by constructor id
  /// The schemes of binders (out.binders) double as the scope: every binder
  /// is unique, so nothing needs to be removed when its scope ends. A
  /// scheme without a type stands for a definition whose type could not be
  /// inferred.
  ProgramTypes out;
  int level = 0;

  void bind(const Name &binder, Scheme scheme) {
    out.binders[&binder] = std::move(scheme);
  }

  void bindGlobal(const FunctionDef &f, Scheme scheme) {
    out.globals[f.name.text] = scheme;
    bind(f.name, std::move(scheme));
  }

  TypeRef fresh() { return makeVar(level); }

  static TypeRef named(const char *name) { return makeCon(name); }

  /// ∀ params. field1 -> ... -> T params
  Scheme constructorScheme(const ConstructorInfo &c) {
    llvm::StringMap<TypeRef> params;
    std::vector<TypeRef> args;
    for (const Name &p : c.type->params)
      args.push_back(params[p.text] = makeVar(1));
    TypeRef type = makeCon(c.type->name.text, args);
    for (size_t i = c.decl->fieldTypes.size(); i-- > 0;)
      type = makeFun(fieldType(c.decl->fieldTypes[i], params), type);
    return generalize(type, 0);
  }

  TypeRef fieldType(const TypeExpr &t, llvm::StringMap<TypeRef> &params) {
    if (t.isVariable())
      return params[t.head.text];
    std::vector<TypeRef> args;
    for (const TypeExpr &a : t.args)
      args.push_back(fieldType(a, params));
    return makeCon(t.head.text, std::move(args));
  }

  /// Infers a group of mutually recursive definitions and binds each to its
  /// generalised scheme.
  void inferGroup(const std::vector<const FunctionDef *> &group) {
    ++level;
    // Every definition of a group gets its shape before any body is read,
    // so that a clash inside the group is found at the offending use.
    std::vector<std::vector<TypeRef>> params;
    std::vector<TypeRef> results, types;
    for (const FunctionDef *f : group) {
      params.emplace_back();
      TypeRef result = fresh(), type = result;
      for (size_t i = 0; i < f->params.size(); ++i)
        params.back().push_back(fresh());
      for (size_t i = f->params.size(); i-- > 0;)
        type = makeFun(params.back()[i], type);
      results.push_back(result);
      types.push_back(type);
    }
    for (size_t i = 0; i < group.size(); ++i)
      bind(group[i]->name, Scheme{{}, types[i]});
    for (size_t i = 0; i < group.size(); ++i)
      inferFunction(*group[i], params[i], results[i]);
    --level;
    for (size_t i = 0; i < group.size(); ++i) {
      Scheme scheme = generalize(types[i], level);
      if (level == 0)
        bindGlobal(*group[i], std::move(scheme));
      else
        bind(group[i]->name, std::move(scheme));
    }
  }

  void inferFunction(const FunctionDef &f, const std::vector<TypeRef> &params,
                     const TypeRef &result) {
    for (size_t i = 0; i < params.size(); ++i)
      bind(f.params[i], Scheme{{}, params[i]});
    check(*f.body, result);
  }

  [[noreturn]] void clash(llvm::SMLoc loc, const TypeRef &expected,
                          const TypeRef &found, const UnifyResult &why) {
    TypePrinter printer;
    if (why.kind == UnifyResult::Kind::Infinite) {
      std::string var = printer.print(why.var);
      diags.error(loc, "cannot construct the infinite type " + var + " = " +
                           printer.print(why.type));
    } else {
      std::string expectedText = printer.print(expected);
      diags.error(loc, "type mismatch: expected " + expectedText + ", found " +
                           printer.print(found));
    }
    throw TypeError{};
  }

  void expect(llvm::SMLoc loc, const TypeRef &expected, const TypeRef &found) {
    if (UnifyResult r = unify(expected, found); !r)
      clash(loc, expected, found, r);
  }

  void check(const Expr &e, const TypeRef &expected) {
    expect(e.loc(), expected, infer(e));
  }

  TypeRef lookupVariable(const VarExpr &var) {
    const Scheme &scheme = out.binders.at(&symbols.binder(var));
    return scheme.type ? instantiate(scheme, level) : fresh();
  }

  /// The type of e, also kept in out.exprs for the phases after inference.
  TypeRef infer(const Expr &e) {
    TypeRef type = inferShape(e);
    out.exprs[&e] = type;
    return type;
  }

  TypeRef inferShape(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Int:
      return named(IntTypeName);
    case Expr::Kind::Var:
      return lookupVariable(llvm::cast<VarExpr>(e));
    case Expr::Kind::Ctor:
      return instantiate(
          constructorSchemes[symbols.constructor(llvm::cast<CtorExpr>(e).name)
                                 ->id],
          level);
    case Expr::Kind::App:
      return inferApplication(llvm::cast<AppExpr>(e));
    case Expr::Kind::Binary: {
      auto &bin = llvm::cast<BinaryExpr>(e);
      check(*bin.lhs, named(IntTypeName));
      check(*bin.rhs, named(IntTypeName));
      return named(isComparison(bin.op) ? BoolTypeName : IntTypeName);
    }
    case Expr::Kind::Case:
      return inferCase(llvm::cast<CaseExpr>(e));
    case Expr::Kind::If: {
      auto &i = llvm::cast<IfExpr>(e);
      check(*i.condition, named(BoolTypeName));
      TypeRef type = infer(*i.thenExpr);
      check(*i.elseExpr, type);
      return type;
    }
    case Expr::Kind::Let: {
      auto &let = llvm::cast<LetExpr>(e);
      std::vector<const FunctionDef *> defs;
      for (const FunctionDef &d : let.defs)
        defs.push_back(&d);
      for (const auto &group : dependencyGroups(defs, symbols))
        inferGroup(group);
      return infer(*let.body);
    }
    case Expr::Kind::Lambda: {
      auto &lambda = llvm::cast<LambdaExpr>(e);
      std::vector<TypeRef> params;
      for (const Name &p : lambda.params) {
        params.push_back(fresh());
        bind(p, Scheme{{}, params.back()});
      }
      TypeRef type = infer(*lambda.body);
      for (size_t i = params.size(); i-- > 0;)
        type = makeFun(params[i], type);
      return type;
    }
    }
    return fresh();
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
        TypeRef shape = makeFun(fresh(), fresh());
        unify(fun, shape);
        fun = shape;
      } else if (fun->kind != Type::Kind::Fun) {
        TypeRef expected = makeFun(infer(arg), fresh());
        clash((*it)->fun->loc(), expected, fun, UnifyResult::mismatch());
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
      bindPattern(b.pattern, scrutinee);
      if (!result)
        result = infer(*b.body);
      else
        check(*b.body, result);
    }
    return result;
  }

  void bindPattern(const Pattern &p, const TypeRef &scrutinee) {
    switch (p.kind) {
    case Pattern::Kind::Wildcard:
      return;
    case Pattern::Kind::Var:
      bind(p.name, Scheme{{}, scrutinee});
      return;
    case Pattern::Kind::Int:
      expect(p.name.loc, scrutinee, named(IntTypeName));
      return;
    case Pattern::Kind::Ctor:
      break;
    }
    TypeRef type = instantiate(
        constructorSchemes[symbols.constructor(p.name.text)->id], level);
    std::vector<TypeRef> fields;
    for (; resolve(type)->kind == Type::Kind::Fun; type = resolve(type)->to)
      fields.push_back(resolve(type)->from);
    expect(p.name.loc, scrutinee, type);
    for (size_t i = 0; i < p.vars.size(); ++i)
      if (p.vars[i].text != Wildcard)
        bind(p.vars[i], Scheme{{}, fields[i]});
  }
};

} // namespace

std::vector<std::vector<const FunctionDef *>>
dependencyGroups(const std::vector<const FunctionDef *> &defs,
                 const SymbolTable &symbols) {
  return std::move(GroupFinder(defs, symbols).groups);
}

ProgramTypes inferTypes(const Program &program, const SymbolTable &symbols,
                        Diagnostics &diags) {
  return Inferencer(program, symbols, diags).run();
}

} // namespace lazyc
