//===- specialise.cpp - Copies of functions for known function arguments --===//
//
// map f l = case l of { Nil -> Nil; Cons x xs -> Cons (f x) (map f xs) }
// applies an unknown function. A call map (pass$lambda2 k) l, whose
// function argument is known (a global, or a global given fewer atoms than
// it takes), calls instead a copy of map made for that argument:
//   map$spec1 k l = case l of { Nil -> Nil;
//                     Cons x xs -> Cons (pass$lambda2 k x) (map$spec1 k xs) }
// in which f's calls are known calls, which the later passes inline or
// call directly. The captured variables (k) become the copy's first
// parameters; numbers, globals and constructors among the captured atoms
// are built into it. A partial application is rewritten alike (compose
// (add k) becomes compose$spec2 k, whose calls of f are known), so that a
// closure built of known functions is one known function.
//
// A parameter is specialised only if it is static: the function's calls
// of itself pass it on unchanged, so that the copy's recursive calls call
// the copy. The body must also apply it, or pass it to a known function
// (which may be specialised for it in turn): otherwise nothing is gained. The
// copy is typed for the call (foldr's copy for a function on Ints works on
// Ints, and unboxes them), and one copy serves every call with the same
// function, the same built-in atoms and the same types. Nothing is evaluated
// that was not: the argument was already a value, and its atoms cost nothing to
// rebuild. A copy that would take no parameter is not made (it would be a
// shared constant, kept alive).
//
// Copies may be specialised in turn; only functions of at most
// SpecialiseSize expressions are copied, and the program at most doubles
// its number of functions.
//
//===----------------------------------------------------------------------===//

#include "passes/copy.h"
#include "passes/passes.h"

#include "llvm/ADT/StringSet.h"

#include <map>

namespace lazyc::passes {

namespace {

/// The most expressions a function specialised may have: a copy of it is
/// made for every function it is given.
constexpr unsigned SpecialiseSize = 200;

/// A function argument known at a call: global `global` given the atoms
/// `captured`, fewer than it takes.
struct KnownFunction {
  uint32_t global;
  std::vector<const core::Expr *> captured;
  std::vector<core::Var *> variables; // the captured atoms that are
};

/// APP made a call of copy `index` (of type `type`) of its callee for the
/// function it gives as argument i: CAPTURED first, then APP's other
/// arguments.
void callCopy(core::App &app, uint32_t index, const TypeRef &type, unsigned i,
              const std::vector<core::Var *> &captured) {
  std::vector<core::ExprPtr> args;
  for (core::Var *v : captured)
    args.push_back(std::make_unique<core::Local>(v));
  for (unsigned j = 0; j < app.args.size(); ++j)
    if (j != i)
      args.push_back(std::move(app.args[j]));
  app.args = std::move(args);
  app.fun = std::make_unique<core::Global>(index, type);
}

class Specialiser {
public:
  explicit Specialiser(core::Program &program)
      : program(program), limit(program.functions.size()) {
    for (const core::Function &f : program.functions)
      names.insert(f.name);
    // Copies are appended: no reference to a function or its body moves.
    program.functions.reserve(2 * program.functions.size());
  }

  void run() {
    for (uint32_t i = 0; i < program.functions.size(); ++i)
      rewrite(program.functions[i].body);
  }

private:
  core::Program &program;
  size_t limit; // of copies: the room reserved for them
  llvm::StringSet<> names;
  std::map<std::string, uint32_t> copies; // by what they are made for
  std::map<uint32_t, std::vector<bool>> statics;
  unsigned nameCount = 0; // numbers the copies' names

  /// Rewrites the calls in e, innermost first.
  void rewrite(core::ExprPtr &e) {
    core::forEachChild(*e, [&](core::ExprPtr &child) { rewrite(child); });
    while (specialiseCall(e)) {
    }
  }

  /// If e applies a function to a known function for a static parameter
  /// (with all its arguments or not), makes it apply the copy for it.
  bool specialiseCall(core::ExprPtr &e) {
    auto *app = llvm::dyn_cast<core::App>(e.get());
    if (!app)
      return false;
    auto *head = llvm::dyn_cast<core::Global>(app->fun.get());
    if (!head)
      return false;
    uint32_t callee = head->index;
    unsigned arity = program.functions[callee].arity();
    if (arity == 0)
      return false;
    const std::vector<bool> &isStatic = staticParams(callee);
    for (unsigned i = 0; i < arity && i < app->args.size(); ++i) {
      std::optional<KnownFunction> known;
      if (isStatic[i])
        known = knownFunction(*app->args[i]);
      if (!known)
        continue;
      std::optional<uint32_t> copy = copyFor(callee, i, *known, *app);
      if (!copy)
        continue;
      callCopy(*app, *copy, program.functions[*copy].type, i, known->variables);
      return true;
    }
    return false;
  }

  std::optional<KnownFunction> knownFunction(const core::Expr &e) const {
    const core::Expr *head = &e;
    KnownFunction known{};
    if (auto *app = llvm::dyn_cast<core::App>(&e)) {
      head = app->fun.get();
      for (const core::ExprPtr &arg : app->args) {
        if (!core::isAtom(*arg))
          return std::nullopt;
        known.captured.push_back(arg.get());
        if (auto *local = llvm::dyn_cast<core::Local>(arg.get()))
          known.variables.push_back(local->var);
      }
    }
    auto *global = llvm::dyn_cast<core::Global>(head);
    if (!global ||
        program.functions[global->index].arity() <= known.captured.size())
      return std::nullopt;
    known.global = global->index;
    return known;
  }

  /// Per parameter of function `index`, whether it is a function that the
  /// body uses as one and every call of the function by itself passes on
  /// unchanged (none, if the function is too large to copy).
  const std::vector<bool> &staticParams(uint32_t index) {
    auto [it, fresh] = statics.try_emplace(index);
    if (!fresh)
      return it->second;
    const core::Function &f = program.functions[index];
    std::vector<bool> result(f.arity(), false);
    if (!isSmall(*f.body, SpecialiseSize))
      return it->second = std::move(result);
    for (unsigned i = 0; i < f.arity(); ++i)
      result[i] = resolve(f.params[i]->type)->kind == Type::Kind::Fun &&
                  usesAsFunction(*f.body, f.params[i]);
    passedOn(*f.body, f, index, result);
    it->second = std::move(result);
    return it->second;
  }

  /// Whether e applies v, or gives it to a known function.
  static bool usesAsFunction(const core::Expr &e, const core::Var *v) {
    auto is = [v](const core::ExprPtr &x) {
      auto *local = llvm::dyn_cast<core::Local>(x.get());
      return local && local->var == v;
    };
    if (auto *app = llvm::dyn_cast<core::App>(&e)) {
      if (is(app->fun))
        return true;
      if (llvm::isa<core::Global>(*app->fun))
        for (const core::ExprPtr &arg : app->args)
          if (is(arg))
            return true;
    }
    bool found = false;
    core::forEachChild(const_cast<core::Expr &>(e), [&](core::ExprPtr &child) {
      found = found || usesAsFunction(*child, v);
    });
    return found;
  }

  /// Clears the parameters that some use of f in e does not pass on.
  static void passedOn(const core::Expr &e, const core::Function &f,
                       uint32_t index, std::vector<bool> &result) {
    if (auto *global = llvm::dyn_cast<core::Global>(&e)) {
      if (global->index == index) // not called with its arguments
        result.assign(result.size(), false);
      return;
    }
    if (auto *app = llvm::dyn_cast<core::App>(&e)) {
      auto *head = llvm::dyn_cast<core::Global>(app->fun.get());
      if (head && head->index == index && app->args.size() >= f.arity()) {
        for (unsigned i = 0; i < f.arity(); ++i) {
          auto *local = llvm::dyn_cast<core::Local>(app->args[i].get());
          if (!local || local->var != f.params[i])
            result[i] = false;
        }
        for (const core::ExprPtr &arg : app->args)
          passedOn(*arg, f, index, result);
        return;
      }
    }
    core::forEachChild(const_cast<core::Expr &>(e), [&](core::ExprPtr &child) {
      passedOn(*child, f, index, result);
    });
  }

  /// The copy of function `index` for `known` as its parameter i, typed
  /// for the call `app`: made unless it would take no parameter, or the
  /// copies are too many.
  std::optional<uint32_t> copyFor(uint32_t index, unsigned i,
                                  const KnownFunction &known,
                                  const core::App &app) {
    const core::Function &f = program.functions[index];
    TypeSubstitution types;
    TypeRef t = f.type;
    for (unsigned j = 0; j < f.arity(); ++j, t = t->to) {
      t = resolve(t);
      if (t->kind != Type::Kind::Fun ||
          (j < app.args.size() &&
           !matchType(t->from, app.args[j]->type, types)))
        return std::nullopt;
    }
    if (app.args.size() == f.arity() && !matchType(t, app.type, types))
      return std::nullopt;
    std::string key = std::to_string(index) + " " + std::to_string(i) + " " +
                      std::to_string(known.global);
    for (const core::Expr *atom : known.captured) {
      if (llvm::isa<core::Local>(atom)) {
        key += " _";
      } else {
        std::string text;
        llvm::raw_string_ostream os(text);
        core::print(program, *atom, os);
        key += " " + text;
      }
    }
    std::vector<TypeRef> paramTypes;
    for (const core::Var *v : known.variables)
      paramTypes.push_back(v->type);
    for (unsigned j = 0; j < f.arity(); ++j)
      if (j != i)
        paramTypes.push_back(substitute(f.params[j]->type, types));
    if (paramTypes.empty())
      return std::nullopt;
    TypeRef type = substitute(t, types);
    for (auto it = paramTypes.rbegin(); it != paramTypes.rend(); ++it)
      type = makeFun(*it, type);
    key += " :: " + TypePrinter().print(type);
    if (auto it = copies.find(key); it != copies.end())
      return it->second;
    if (copies.size() >= limit)
      return std::nullopt;
    return copies[key] = makeCopy(index, i, known, app, std::move(types),
                                  std::move(type));
  }

  uint32_t makeCopy(uint32_t index, unsigned i, const KnownFunction &known,
                    const core::App &app, TypeSubstitution types,
                    TypeRef type) {
    const core::Function &f = program.functions[index];
    core::Function copy;
    std::string name;
    do
      name = f.name + "$spec" + std::to_string(++nameCount);
    while (names.count(name));
    names.insert(name);
    copy.name = name;
    copy.type = std::move(type);
    // The known function, in the copy's terms: its captured variables are
    // the copy's first parameters (a partial application gives them).
    Renaming caller;
    for (core::Var *v : known.variables) {
      core::Var *param = copy.newVar(v->name, v->type);
      copy.params.push_back(param);
      caller.rename[v] = param;
    }
    std::vector<core::Var *> capturedParams = copy.params;
    core::ExprPtr argument = passes::copy(*app.args[i], copy, caller);
    Renaming renaming;
    renaming.types = std::move(types);
    for (unsigned j = 0; j < f.arity(); ++j)
      if (j != i) {
        core::Var *param = copy.newVar(
            f.params[j]->name, substitute(f.params[j]->type, renaming.types));
        copy.params.push_back(param);
        renaming.rename[f.params[j]] = param;
      }
    // First the body with a placeholder for the parameter, whose calls of
    // the original passing it on become calls of the copy; then the
    // placeholder replaced by the known function.
    core::Var *placeholder = copy.newVar(
        f.params[i]->name, substitute(f.params[i]->type, renaming.types));
    renaming.rename[f.params[i]] = placeholder;
    core::ExprPtr body = passes::copy(*f.body, copy, renaming);
    uint32_t copyIndex = uint32_t(program.functions.size());
    redirectRecursion(body, index, i, placeholder, copyIndex, copy.type,
                      capturedParams);
    Renaming filled;
    for (const std::unique_ptr<core::Var> &v : copy.vars)
      filled.rename[v.get()] = v.get();
    filled.replace[placeholder] = argument.get();
    copy.body = passes::copy(*body, copy, filled);
    program.functions.push_back(std::move(copy));
    return copyIndex;
  }

  /// In a copy's body, the calls of the original that pass the parameter
  /// on (now the placeholder) become calls of the copy.
  static void redirectRecursion(core::ExprPtr &e, uint32_t original, unsigned i,
                                const core::Var *placeholder, uint32_t copy,
                                const TypeRef &type,
                                const std::vector<core::Var *> &captured) {
    core::forEachChild(*e, [&](core::ExprPtr &child) {
      redirectRecursion(child, original, i, placeholder, copy, type, captured);
    });
    auto *app = llvm::dyn_cast<core::App>(e.get());
    if (!app || app->args.size() <= i)
      return;
    auto *head = llvm::dyn_cast<core::Global>(app->fun.get());
    auto *passed = llvm::dyn_cast<core::Local>(app->args[i].get());
    if (head && head->index == original && passed && passed->var == placeholder)
      callCopy(*app, copy, type, i, captured);
  }
};

} // namespace

void specialise(core::Program &program) { Specialiser(program).run(); }

} // namespace lazyc::passes
