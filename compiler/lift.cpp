//===- lift.cpp - Lambda lifting: typed syntax tree to Core ---------------===//

#include "lift.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

namespace lazyc {

namespace {

using core::Var;

/// A local function: the global it was lifted into, and the binders of
/// enclosing scopes whose values it takes as its first arguments.
struct LocalFunction {
  uint32_t global = 0;
  std::vector<const Name *> captured;
};

/// What the values used in one function's body are in it. (A local
/// function is the same global everywhere it is seen: Lifter::locals.)
struct Scope {
  llvm::DenseMap<const Name *, Var *> values;
};

class Lifter {
public:
  Lifter(const Program &program, const SymbolTable &symbols,
         const ProgramTypes &types)
      : symbols(symbols), types(types), program(program) {}

  core::Program run() {
    for (const ConstructorInfo &c : symbols.constructors)
      out.constructors.push_back({c.name(), c.arity()});
    std::vector<const FunctionDef *> defs;
    for (const FunctionDef &f : program.functions) {
      if (symbols.function(f.name.text) != &f)
        continue;
      globals[&f.name] = declare(f.name.text);
      defs.push_back(&f);
    }
    out.main = globals.at(&symbols.main->name);
    for (const FunctionDef *f : defs)
      buildFunction(globals.at(&f->name), f->name.text, Scope(), {}, f->params,
                    *f->body, binderType(f->name));
    return std::move(out);
  }

  const SymbolTable &symbols;
  const ProgramTypes &types;
  core::Program out;
  llvm::DenseMap<const Name *, uint32_t> globals; // top-level functions
  /// Every local function lifted so far, by binder: binders are unique, so
  /// no scope needs a copy of those around it.
  llvm::DenseMap<const Name *, LocalFunction> locals;

  TypeRef binderType(const Name &binder) const {
    return types.binders.at(&binder).type;
  }

  TypeRef typeOf(const Expr &e) const { return types.exprs.at(&e); }

  /// A new supercombinator named after what it lifts: owner$double for a
  /// local function (owner$double2 ... if taken), owner$lambda1,
  /// owner$lambda2 ... for a lambda; never a name already given.
  uint32_t declareLifted(llvm::StringRef owner, llvm::StringRef what,
                         bool anonymous) {
    std::string base = (owner + "$" + what).str();
    unsigned &count = liftCounts[base];
    std::string name;
    do {
      ++count;
      name = !anonymous && count == 1 ? base : base + std::to_string(count);
    } while (names.count(name));
    return declare(name);
  }

  /// Builds the supercombinator `index`: its parameters are the captured
  /// binders of the enclosing scope, then params; `type` is the type of
  /// what it lifts (params -> result).
  void buildFunction(uint32_t index, llvm::StringRef owner,
                     const Scope &enclosing,
                     const std::vector<const Name *> &captured,
                     const std::vector<Name> &params, const Expr &body,
                     TypeRef type);

private:
  const Program &program;
  llvm::StringMap<unsigned> liftCounts;
  llvm::StringSet<> names; // of every supercombinator

  uint32_t declare(llvm::StringRef name) {
    uint32_t index = uint32_t(out.functions.size());
    out.functions.emplace_back();
    out.functions.back().name = name.str();
    names.insert(name);
    return index;
  }
};

/// Converts the body of one supercombinator.
class BodyLifter {
public:
  BodyLifter(Lifter &lifter, core::Function &function, std::string owner,
             Scope &scope)
      : lifter(lifter), function(function), owner(std::move(owner)),
        scope(scope) {}

  core::ExprPtr convert(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Int:
      return std::make_unique<core::Int>(llvm::cast<IntExpr>(e).value,
                                         lifter.typeOf(e));
    case Expr::Kind::Var:
      return convertVariable(llvm::cast<VarExpr>(e));
    case Expr::Kind::Ctor:
      return std::make_unique<core::Ctor>(
          lifter.symbols.constructor(llvm::cast<CtorExpr>(e).name)->id,
          lifter.typeOf(e));
    case Expr::Kind::App:
      return convertApplication(llvm::cast<AppExpr>(e));
    case Expr::Kind::Binary: {
      auto &bin = llvm::cast<BinaryExpr>(e);
      core::ExprPtr lhs = convert(*bin.lhs);
      return std::make_unique<core::PrimOp>(
          bin.op, std::move(lhs), convert(*bin.rhs), lifter.typeOf(e));
    }
    case Expr::Kind::Case:
      return convertCase(llvm::cast<CaseExpr>(e));
    case Expr::Kind::If:
      return convertIf(llvm::cast<IfExpr>(e));
    case Expr::Kind::Let:
      return convertLet(llvm::cast<LetExpr>(e));
    case Expr::Kind::Lambda: {
      auto &lambda = llvm::cast<LambdaExpr>(e);
      std::vector<const Name *> captured = capturedBy(*lambda.body);
      uint32_t index = lifter.declareLifted(owner, "lambda", true);
      lifter.buildFunction(index, owner, scope, captured, lambda.params,
                           *lambda.body, lifter.typeOf(e));
      return reference(index, captured, lifter.typeOf(e));
    }
    }
    llvm_unreachable("unknown expression kind");
  }

private:
  Lifter &lifter;
  core::Function &function;
  std::string owner; // names lifted supercombinators
  Scope &scope;

  /// A lifted function as a value: its global applied to what it captures.
  core::ExprPtr reference(uint32_t global,
                          const std::vector<const Name *> &captured,
                          TypeRef type) {
    TypeRef globalType = type;
    for (auto it = captured.rbegin(); it != captured.rend(); ++it)
      globalType = makeFun(scope.values.at(*it)->type, globalType);
    auto head = std::make_unique<core::Global>(global, globalType);
    if (captured.empty())
      return head;
    std::vector<core::ExprPtr> args;
    for (const Name *b : captured)
      args.push_back(std::make_unique<core::Local>(scope.values.at(b)));
    return std::make_unique<core::App>(std::move(head), std::move(args),
                                       std::move(type));
  }

  core::ExprPtr convertVariable(const VarExpr &var) {
    const Name *binder = &lifter.symbols.binder(var);
    if (auto it = scope.values.find(binder); it != scope.values.end())
      return std::make_unique<core::Local>(it->second);
    if (auto it = lifter.locals.find(binder); it != lifter.locals.end())
      return reference(it->second.global, it->second.captured,
                       lifter.typeOf(var));
    return std::make_unique<core::Global>(lifter.globals.at(binder),
                                          lifter.typeOf(var));
  }

  /// f a1 ... an as one App; a local function's captured variables come
  /// before the arguments.
  core::ExprPtr convertApplication(const AppExpr &app) {
    std::vector<const Expr *> argExprs;
    const Expr *head = &app;
    while (auto *a = llvm::dyn_cast<AppExpr>(head)) {
      argExprs.push_back(a->arg.get());
      head = a->fun.get();
    }
    std::reverse(argExprs.begin(), argExprs.end());
    core::ExprPtr fun = convert(*head);
    std::vector<core::ExprPtr> args;
    if (auto *inner = llvm::dyn_cast<core::App>(fun.get())) {
      args = std::move(inner->args);
      fun = std::move(inner->fun);
    }
    for (const Expr *arg : argExprs)
      args.push_back(convert(*arg));
    return std::make_unique<core::App>(std::move(fun), std::move(args),
                                       lifter.typeOf(app));
  }

  Var *bindValue(const Name &binder, TypeRef type) {
    Var *v = function.newVar(binder.text, std::move(type));
    scope.values[&binder] = v;
    return v;
  }

  core::ExprPtr convertCase(const CaseExpr &c) {
    core::ExprPtr scrutinee = convert(*c.scrutinee);
    TypeRef scrutineeType = lifter.typeOf(*c.scrutinee);
    std::vector<core::Alt> alts;
    std::vector<int64_t> covered;
    for (const Branch &b : c.branches) {
      const Pattern &p = b.pattern;
      core::Alt alt;
      switch (p.kind) {
      case Pattern::Kind::Var:
        alt.kind = core::Alt::Kind::Default;
        alt.binder = bindValue(p.name, scrutineeType);
        break;
      case Pattern::Kind::Wildcard:
        alt.kind = core::Alt::Kind::Default;
        break;
      case Pattern::Kind::Int:
        alt.kind = core::Alt::Kind::Int;
        alt.value = p.value;
        break;
      case Pattern::Kind::Ctor: {
        alt.kind = core::Alt::Kind::Ctor;
        alt.ctor = lifter.symbols.constructor(p.name.text)->id;
        for (const Name &field : p.vars)
          alt.fields.push_back(
              field.text == Wildcard
                  ? nullptr
                  : bindValue(field, lifter.binderType(field)));
        break;
      }
      }
      if (alt.kind != core::Alt::Kind::Default) {
        int64_t key = alt.kind == core::Alt::Kind::Int ? alt.value : alt.ctor;
        if (std::count(covered.begin(), covered.end(), key))
          continue; // an earlier alternative already matches it
        covered.push_back(key);
      }
      alt.body = convert(*b.body);
      bool last = alt.kind == core::Alt::Kind::Default;
      alts.push_back(std::move(alt));
      if (last)
        break; // a default matches everything: later ones are dead
    }
    return std::make_unique<core::Case>(std::move(scrutinee), std::move(alts),
                                        lifter.typeOf(c));
  }

  core::ExprPtr convertIf(const IfExpr &i) {
    core::ExprPtr condition = convert(*i.condition);
    std::vector<core::Alt> alts;
    for (auto [id, body] : {std::pair{TrueId, i.thenExpr.get()},
                            std::pair{FalseId, i.elseExpr.get()}}) {
      core::Alt alt;
      alt.kind = core::Alt::Kind::Ctor;
      alt.ctor = id;
      alt.body = convert(*body);
      alts.push_back(std::move(alt));
    }
    return std::make_unique<core::Case>(std::move(condition), std::move(alts),
                                        lifter.typeOf(i));
  }

  /// Local values become the let's bindings; local functions are lifted,
  /// each taking what it and the local functions it calls capture.
  core::ExprPtr convertLet(const LetExpr &let) {
    std::vector<const FunctionDef *> values, functions;
    for (const FunctionDef &d : let.defs)
      (d.params.empty() ? values : functions).push_back(&d);
    std::vector<core::Binding> bindings;
    for (const FunctionDef *v : values)
      bindings.push_back({bindValue(v->name, lifter.binderType(v->name)), {}});
    liftLocalFunctions(functions);
    for (size_t i = 0; i < values.size(); ++i)
      bindings[i].value = convert(*values[i]->body);
    core::ExprPtr body = convert(*let.body);
    if (bindings.empty())
      return body;
    return std::make_unique<core::Let>(std::move(bindings), std::move(body));
  }

  void liftLocalFunctions(const std::vector<const FunctionDef *> &group) {
    for (const FunctionDef *f : group)
      lifter.locals[&f->name] = LocalFunction();
    for (bool changed = true; changed;) {
      changed = false;
      for (const FunctionDef *f : group) {
        std::vector<const Name *> captured = capturedBy(*f->body);
        LocalFunction &local = lifter.locals[&f->name];
        if (captured != local.captured) {
          local.captured = std::move(captured);
          changed = true;
        }
      }
    }
    // All are declared before any is built: they may call each other.
    for (const FunctionDef *f : group)
      lifter.locals[&f->name].global =
          lifter.declareLifted(owner, f->name.text, false);
    for (const FunctionDef *f : group) {
      const LocalFunction local = lifter.locals.at(&f->name);
      lifter.buildFunction(local.global, owner, scope, local.captured,
                           f->params, *f->body, lifter.binderType(f->name));
    }
  }

  /// The binders of this scope that code for the body of a local function
  /// or lambda needs, in the order they were bound: the values it uses and
  /// what the local functions it calls capture.
  std::vector<const Name *> capturedBy(const Expr &body) const {
    std::vector<const Name *> out;
    for (const Name *binder : lifter.symbols.freeVariables.at(&body)) {
      if (scope.values.count(binder)) {
        out.push_back(binder);
      } else if (auto it = lifter.locals.find(binder);
                 it != lifter.locals.end()) {
        out.insert(out.end(), it->second.captured.begin(),
                   it->second.captured.end());
      }
    }
    std::sort(out.begin(), out.end(), [&](const Name *a, const Name *b) {
      return scope.values.at(a)->id < scope.values.at(b)->id;
    });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
};

void Lifter::buildFunction(uint32_t index, llvm::StringRef owner,
                           const Scope &enclosing,
                           const std::vector<const Name *> &captured,
                           const std::vector<Name> &params, const Expr &body,
                           TypeRef type) {
  core::Function function;
  function.name = out.functions[index].name;
  Scope scope;
  for (const Name *b : captured) {
    Var *v = function.newVar(b->text, enclosing.values.at(b)->type);
    scope.values[b] = v;
    function.params.push_back(v);
  }
  for (const Name &p : params) {
    Var *v = function.newVar(p.text, binderType(p));
    scope.values[&p] = v;
    function.params.push_back(v);
  }
  for (auto it = captured.rbegin(); it != captured.rend(); ++it)
    type = makeFun(enclosing.values.at(*it)->type, type);
  function.type = std::move(type);
  function.body = BodyLifter(*this, function, owner.str(), scope).convert(body);
  out.functions[index] = std::move(function);
}

} // namespace

core::Program lift(const Program &program, const SymbolTable &symbols,
                   const ProgramTypes &types) {
  return Lifter(program, symbols, types).run();
}

} // namespace lazyc
