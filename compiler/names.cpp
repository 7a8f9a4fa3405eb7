//===- names.cpp - Scope checking and the symbol table --------------------===//

#include "names.h"

#include "lazyc_rt.h"

#include "llvm/ADT/StringSet.h"

namespace lazyc {

namespace {

class NameChecker {
public:
  NameChecker(const Program &program, Diagnostics &diags)
      : program(program), diags(diags) {}

  SymbolTable run() {
    declareTypes();
    declareFunctions();
    for (const FunctionDef &f : program.functions)
      checkFunction(f);
    checkMain();
    return std::move(table);
  }

private:
  const Program &program;
  Diagnostics &diags;
  SymbolTable table;
  std::vector<llvm::StringRef> locals; // innermost last

  void declareTypes() {
    for (const DataDef &d : program.dataDefs) {
      if (d.name.text == IntTypeName)
        diags.error(d.name.loc, "cannot redefine built-in type '" +
                                    d.name.text + "'");
      else if (!table.dataTypes.try_emplace(d.name.text, &d).second)
        diags.error(d.name.loc, "duplicate data type '" + d.name.text + "'");
      for (const ConstructorDecl &c : d.constructors) {
        if (c.fieldTypes.size() > LAZYC_MAX_FIELDS)
          diags.error(c.name.loc, "constructor '" + c.name.text + "' has " +
                                      llvm::Twine(c.fieldTypes.size()) +
                                      " fields; at most " +
                                      llvm::Twine(LAZYC_MAX_FIELDS) +
                                      " are supported");
        uint32_t id = uint32_t(table.constructors.size());
        if (!table.constructorIds.try_emplace(c.name.text, id).second) {
          diags.error(c.name.loc, "duplicate constructor '" + c.name.text + "'");
          continue;
        }
        table.constructors.push_back(ConstructorInfo{&c, &d, id});
      }
    }
    // Field types may name any data type, declared before or after.
    for (const DataDef &d : program.dataDefs)
      for (const ConstructorDecl &c : d.constructors)
        for (const Name &field : c.fieldTypes)
          if (field.text != IntTypeName && !table.dataTypes.count(field.text))
            diags.error(field.loc, "unknown type '" + field.text + "'");
  }

  void declareFunctions() {
    for (const FunctionDef &f : program.functions)
      if (!table.functions.try_emplace(f.name.text, &f).second)
        diags.error(f.name.loc, "duplicate definition of '" + f.name.text + "'");
  }

  void checkFunction(const FunctionDef &f) {
    llvm::StringSet<> seen;
    for (const Name &p : f.params)
      if (!seen.insert(p.text).second)
        diags.error(p.loc, "duplicate parameter '" + p.text + "'");
    for (const Name &p : f.params)
      locals.push_back(p.text);
    checkExpr(*f.body);
    locals.clear();
  }

  bool isLocal(llvm::StringRef name) const {
    for (llvm::StringRef local : locals)
      if (local == name)
        return true;
    return false;
  }

  void checkExpr(const Expr &e) {
    if (auto *var = llvm::dyn_cast<VarExpr>(&e)) {
      if (!isLocal(var->name) && !table.functions.count(var->name))
        diags.error(var->loc(), "unbound variable '" + var->name + "'");
      return;
    }
    if (auto *ctor = llvm::dyn_cast<CtorExpr>(&e)) {
      if (!table.constructorIds.count(ctor->name))
        diags.error(ctor->loc(), "unbound constructor '" + ctor->name + "'");
      return;
    }
    if (auto *c = llvm::dyn_cast<CaseExpr>(&e)) {
      checkExpr(*c->scrutinee);
      for (const Branch &b : c->branches) {
        size_t depth = locals.size();
        bindPattern(b.pattern);
        checkExpr(*b.body);
        locals.resize(depth);
      }
      return;
    }
    forEachChild(e, [this](const Expr &child) { checkExpr(child); });
  }

  void bindPattern(const Pattern &p) {
    if (p.kind == Pattern::Kind::Var) {
      locals.push_back(p.name.text);
      return;
    }
    if (const ConstructorInfo *info = table.constructor(p.name.text)) {
      if (info->arity() != p.vars.size())
        diags.error(p.name.loc, "constructor '" + p.name.text + "' has " +
                                    llvm::Twine(info->arity()) +
                                    (info->arity() == 1 ? " field" : " fields") +
                                    ", but the pattern binds " +
                                    llvm::Twine(p.vars.size()));
    } else {
      diags.error(p.name.loc, "unbound constructor '" + p.name.text + "'");
    }
    llvm::StringSet<> seen;
    for (const Name &v : p.vars) {
      if (!seen.insert(v.text).second)
        diags.error(v.loc, "duplicate variable '" + v.text + "' in pattern");
      locals.push_back(v.text);
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
