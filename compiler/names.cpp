//===- names.cpp - Scope checking and the symbol table --------------------===//

#include "names.h"

#include "llvm/ADT/StringSet.h"

namespace lazyc {

const DataDef &builtinBool() {
  static const DataDef bool_ = [] {
    DataDef d{{BoolTypeName, {}}, {}, {}};
    d.constructors.push_back({{"False", {}}, {}});
    d.constructors.push_back({{"True", {}}, {}});
    return d;
  }();
  return bool_;
}

namespace {

class NameChecker {
public:
  NameChecker(const Program &program, Diagnostics &diags)
      : program(program), diags(diags) {}

  SymbolTable run() {
    declareType(builtinBool());
    for (const DataDef &d : program.dataDefs)
      declareType(d);
    for (const DataDef &d : program.dataDefs)
      checkFieldTypes(d);
    for (const FunctionDef &f : program.functions)
      if (!table.functions.try_emplace(f.name.text, &f).second)
        diags.error(f.name.loc, "duplicate definition of '" + f.name.text + "'");
    for (const FunctionDef &f : program.functions)
      checkFunction(f.params, *f.body);
    checkMain();
    return std::move(table);
  }

private:
  const Program &program;
  Diagnostics &diags;
  SymbolTable table;
  std::vector<const Name *> locals; // innermost last

  void declareType(const DataDef &d) {
    if (d.name.text == IntTypeName ||
        (d.name.text == BoolTypeName && &d != &builtinBool()))
      diags.error(d.name.loc, "cannot redefine built-in type '" +
                                  d.name.text + "'");
    else if (!table.dataTypes.try_emplace(d.name.text, &d).second)
      diags.error(d.name.loc, "duplicate data type '" + d.name.text + "'");
    llvm::StringSet<> params;
    for (const Name &p : d.params)
      if (!params.insert(p.text).second)
        diags.error(p.loc, "duplicate type parameter '" + p.text + "'");
    for (const ConstructorDecl &c : d.constructors) {
      if (c.fieldTypes.size() > MaxFields)
        diags.error(c.name.loc, "constructor '" + c.name.text + "' has " +
                                    llvm::Twine(c.fieldTypes.size()) +
                                    " fields; at most " +
                                    llvm::Twine(MaxFields) +
                                    " are supported");
      uint32_t id = uint32_t(table.constructors.size());
      if (!table.constructorIds.try_emplace(c.name.text, id).second) {
        diags.error(c.name.loc, "duplicate constructor '" + c.name.text + "'");
        continue;
      }
      table.constructors.push_back(ConstructorInfo{&c, &d, id});
    }
  }

  /// The number of arguments a type constructor takes, or -1 if unknown.
  int typeArity(llvm::StringRef name) const {
    if (name == IntTypeName)
      return 0;
    auto it = table.dataTypes.find(name);
    return it == table.dataTypes.end() ? -1 : int(it->second->params.size());
  }

  void checkFieldTypes(const DataDef &d) {
    for (const ConstructorDecl &c : d.constructors)
      for (const TypeExpr &t : c.fieldTypes)
        checkType(d, t);
  }

  void checkType(const DataDef &d, const TypeExpr &t) {
    if (t.isVariable()) {
      bool bound = false;
      for (const Name &p : d.params)
        bound |= p.text == t.head.text;
      if (!bound)
        diags.error(t.head.loc, "unbound type variable '" + t.head.text + "'");
      return;
    }
    int arity = typeArity(t.head.text);
    if (arity < 0)
      diags.error(t.head.loc, "unknown type '" + t.head.text + "'");
    else if (size_t(arity) != t.args.size())
      diags.error(t.head.loc,
                  "type constructor '" + t.head.text + "' expects " +
                      llvm::Twine(arity) +
                      (arity == 1 ? " argument" : " arguments") +
                      ", but is given " + llvm::Twine(t.args.size()));
    for (const TypeExpr &a : t.args)
      checkType(d, a);
  }

  void checkFunction(const std::vector<Name> &params, const Expr &body) {
    llvm::StringSet<> seen;
    for (const Name &p : params)
      if (!seen.insert(p.text).second)
        diags.error(p.loc, "duplicate parameter '" + p.text + "'");
    size_t scope = locals.size();
    for (const Name &p : params)
      locals.push_back(&p);
    checkExpr(body);
    locals.resize(scope);
  }

  /// The innermost local binding of name, or the top-level definition.
  const Name *lookup(llvm::StringRef name) const {
    for (auto it = locals.rbegin(); it != locals.rend(); ++it)
      if ((*it)->text == name)
        return *it;
    const FunctionDef *global = table.function(name);
    return global ? &global->name : nullptr;
  }

  void checkExpr(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Var: {
      auto &var = llvm::cast<VarExpr>(e);
      if (const Name *binder = lookup(var.name))
        table.binders[&var] = binder;
      else
        diags.error(var.loc(), "unbound variable '" + var.name + "'");
      return;
    }
    case Expr::Kind::Ctor: {
      auto &ctor = llvm::cast<CtorExpr>(e);
      if (!table.constructorIds.count(ctor.name))
        diags.error(ctor.loc(), "unbound constructor '" + ctor.name + "'");
      return;
    }
    case Expr::Kind::Case: {
      auto &c = llvm::cast<CaseExpr>(e);
      checkExpr(*c.scrutinee);
      for (const Branch &b : c.branches) {
        size_t scope = locals.size();
        bindPattern(b.pattern);
        checkExpr(*b.body);
        locals.resize(scope);
      }
      return;
    }
    case Expr::Kind::Let: {
      auto &let = llvm::cast<LetExpr>(e);
      llvm::StringSet<> seen;
      for (const FunctionDef &d : let.defs)
        if (!seen.insert(d.name.text).second)
          diags.error(d.name.loc,
                      "duplicate definition of '" + d.name.text + "'");
      size_t scope = locals.size();
      for (const FunctionDef &d : let.defs)
        locals.push_back(&d.name);
      for (const FunctionDef &d : let.defs)
        checkFunction(d.params, *d.body);
      checkExpr(*let.body);
      locals.resize(scope);
      return;
    }
    case Expr::Kind::Lambda: {
      auto &lambda = llvm::cast<LambdaExpr>(e);
      checkFunction(lambda.params, *lambda.body);
      return;
    }
    default:
      forEachChild(e, [this](const Expr &child) { checkExpr(child); });
    }
  }

  void bindPattern(const Pattern &p) {
    if (p.kind == Pattern::Kind::Ctor) {
      if (const ConstructorInfo *info = table.constructor(p.name.text)) {
        if (info->arity() != p.vars.size())
          diags.error(p.name.loc,
                      "constructor '" + p.name.text + "' has " +
                          llvm::Twine(info->arity()) +
                          (info->arity() == 1 ? " field" : " fields") +
                          ", but the pattern binds " +
                          llvm::Twine(p.vars.size()));
      } else {
        diags.error(p.name.loc, "unbound constructor '" + p.name.text + "'");
      }
    }
    llvm::StringSet<> seen;
    for (const Name *v : boundBy(p)) {
      if (!seen.insert(v->text).second)
        diags.error(v->loc, "duplicate variable '" + v->text + "' in pattern");
      locals.push_back(v);
    }
  }

  void checkMain() {
    table.main = table.function("main");
    if (!table.main) {
      llvm::SMLoc start = llvm::SMLoc::getFromPointer(
          diags.sources().getMemoryBuffer(diags.sources().getMainFileID())
              ->getBufferStart());
      diags.error(start, "no definition of 'main'");
    } else if (!table.main->params.empty()) {
      diags.error(table.main->name.loc, "'main' must not have parameters");
    }
  }
};

} // namespace

SymbolTable checkNames(const Program &program, Diagnostics &diags) {
  return NameChecker(program, diags).run();
}

} // namespace lazyc
