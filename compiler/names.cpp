//===- names.cpp - Scope checking and the symbol table --------------------===//

#include "names.h"

#include "free_variables.h"

#include "llvm/ADT/StringMap.h"

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

/// At most this many unbound names get a suggestion, as clang's
/// -fspell-checking-limit: each costs a walk over every name in scope.
constexpr unsigned SuggestionLimit = 50;

/// The name in scope that a misspelt NAME most likely meant: the closest by
/// edit distance, at most a third of NAME's length away (as clang) and
/// nearer than retyping it whole; ties go to the first in sorted order.
class Suggestion {
public:
  explicit Suggestion(llvm::StringRef name)
      : name(name), bound(unsigned(name.size() + 2) / 3) {}

  void consider(llvm::StringRef candidate) {
    if (candidate == name)
      return;
    unsigned distance = name.edit_distance(candidate, true, bound);
    if (distance > bound || distance >= name.size())
      return;
    if (best.empty() || distance < bestDistance ||
        (distance == bestDistance && candidate < best)) {
      best = candidate.str();
      bestDistance = distance;
    }
  }

  /// "; did you mean 'NAME'?", or nothing.
  std::string text() const {
    return best.empty() ? "" : "; did you mean '" + best + "'?";
  }

private:
  llvm::StringRef name;
  unsigned bound;
  std::string best;
  unsigned bestDistance = 0;
};

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
    for (const FunctionDef &f : program.functions) {
      auto [first, added] = table.functions.try_emplace(f.name.text, &f);
      if (!added)
        duplicate("definition of", f.name, first->second->name.loc);
    }
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
  unsigned suggestions = 0;

  /// A second NAME ("duplicate WHAT 'NAME'AFTER"), and a note where the
  /// first one is (unless built in).
  void duplicate(llvm::StringRef what, const Name &name, llvm::SMLoc first,
                 llvm::StringRef after = "") {
    diags.error(name.loc, "duplicate " + what + " '" + name.text + "'" + after);
    if (first.isValid())
      diags.note(first, "first defined here");
  }

  /// NAMES must differ: reports each second one.
  void checkDistinct(llvm::ArrayRef<const Name *> names, llvm::StringRef what,
                     llvm::StringRef after = "") {
    llvm::StringMap<llvm::SMLoc> seen;
    for (const Name *n : names) {
      auto [first, added] = seen.try_emplace(n->text, n->loc);
      if (!added)
        duplicate(what, *n, first->second, after);
    }
  }

  static std::vector<const Name *> namesOf(const std::vector<Name> &names) {
    std::vector<const Name *> out;
    for (const Name &n : names)
      out.push_back(&n);
    return out;
  }

  /// "WHAT 'NAME'" (WHAT: "unbound variable", ...), with a suggestion from
  /// what FOR_EACH_CANDIDATE offers (to a callback), while the limit lasts.
  template <typename ForEachCandidate>
  void notFound(llvm::StringRef what, const Name &name,
                ForEachCandidate forEachCandidate) {
    Suggestion suggestion(name.text);
    if (suggestions < SuggestionLimit) {
      ++suggestions;
      forEachCandidate(
          [&](llvm::StringRef candidate) { suggestion.consider(candidate); });
    }
    diags.error(name.loc, what + " '" + name.text + "'" + suggestion.text());
  }

  void declareType(const DataDef &d) {
    if (d.name.text == IntTypeName ||
        (d.name.text == BoolTypeName && &d != &builtinBool()))
      diags.error(d.name.loc,
                  "cannot redefine built-in type '" + d.name.text + "'");
    else if (auto [first, added] = table.dataTypes.try_emplace(d.name.text, &d);
             !added)
      duplicate("data type", d.name, first->second->name.loc);
    checkDistinct(namesOf(d.params), "type parameter");
    for (const ConstructorDecl &c : d.constructors) {
      if (c.fieldTypes.size() > MaxFields)
        diags.error(c.name.loc, "constructor '" + c.name.text + "' has " +
                                    llvm::Twine(c.fieldTypes.size()) +
                                    " fields; at most " +
                                    llvm::Twine(MaxFields) + " are supported");
      uint32_t id = uint32_t(table.constructors.size());
      auto [first, added] = table.constructorIds.try_emplace(c.name.text, id);
      if (!added) {
        duplicate("constructor", c.name,
                  table.constructors[first->second].decl->name.loc);
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
        notFound("unbound type variable", t.head, [&](auto consider) {
          for (const Name &p : d.params)
            consider(p.text);
        });
      return;
    }
    int arity = typeArity(t.head.text);
    if (arity < 0)
      notFound("unknown type", t.head, [&](auto consider) {
        consider(IntTypeName);
        for (const auto &entry : table.dataTypes)
          consider(entry.getKey());
      });
    else if (size_t(arity) != t.args.size())
      diags.error(t.head.loc, "type constructor '" + t.head.text +
                                  "' expects " + llvm::Twine(arity) +
                                  (arity == 1 ? " argument" : " arguments") +
                                  ", but is given " +
                                  llvm::Twine(t.args.size()));
    for (const TypeExpr &a : t.args)
      checkType(d, a);
  }

  void checkFunction(const std::vector<Name> &params, const Expr &body) {
    checkDistinct(namesOf(params), "parameter");
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
        notFound("unbound variable", {var.name, var.loc()}, [&](auto consider) {
          for (const Name *local : locals)
            consider(local->text);
          for (const auto &entry : table.functions)
            consider(entry.getKey());
        });
      return;
    }
    case Expr::Kind::Ctor: {
      auto &ctor = llvm::cast<CtorExpr>(e);
      if (!table.constructorIds.count(ctor.name))
        constructorUnbound({ctor.name, ctor.loc()});
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
      size_t scope = locals.size();
      for (const FunctionDef &d : let.defs)
        locals.push_back(&d.name);
      checkDistinct(llvm::ArrayRef(locals).drop_front(scope), "definition of");
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
        constructorUnbound(p.name);
      }
    }
    std::vector<const Name *> vars = boundBy(p);
    checkDistinct(vars, "variable", " in pattern");
    locals.insert(locals.end(), vars.begin(), vars.end());
  }

  void constructorUnbound(const Name &ctor) {
    notFound("unbound constructor", ctor, [&](auto consider) {
      for (const auto &entry : table.constructorIds)
        consider(entry.getKey());
    });
  }

  void checkMain() {
    table.main = table.function("main");
    if (!table.main) {
      llvm::SMLoc start = llvm::SMLoc::getFromPointer(
          diags.sources()
              .getMemoryBuffer(diags.sources().getMainFileID())
              ->getBufferStart());
      diags.error(start, "no definition of 'main'");
    } else if (!table.main->params.empty()) {
      diags.error(table.main->name.loc, "'main' must not have parameters");
    }
  }
};

} // namespace

SymbolTable checkNames(const Program &program, Diagnostics &diags) {
  SymbolTable table = NameChecker(program, diags).run();
  if (!diags.hasErrors())
    findFreeVariables(program, table);
  return table;
}

} // namespace lazyc
