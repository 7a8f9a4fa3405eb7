//===- arity.cpp - Functions that return partial applications -------------===//
//
// After lambda lifting, `compose f g = \x -> f (g x)` is
// `compose f g = compose$lambda1 f g`: a call `compose f g x` is then an
// over-saturated call that builds a partial application and applies it
// through the unwind loop. Giving compose the missing parameter
// (`compose f g x = compose$lambda1 f g x`) makes that a direct call and
// its body a tail call. It is safe because the partial application's
// arguments are atoms: building them again at each call repeats no work.
// main keeps arity 0: it is the program's value.
//
//===----------------------------------------------------------------------===//

#include "passes/passes.h"

namespace lazyc::passes {

namespace {

/// How many arguments f's body lacks to be a call of a known function
/// with all of them (0 if it is something else), provided f's type has
/// room for them.
unsigned missingArguments(const core::Program &program,
                          const core::Function &f) {
  const core::Expr *head = f.body.get();
  size_t given = 0;
  if (auto *app = llvm::dyn_cast<core::App>(head)) {
    for (const core::ExprPtr &arg : app->args)
      if (!core::isAtom(*arg))
        return 0;
    head = app->fun.get();
    given = app->args.size();
  }
  auto *global = llvm::dyn_cast<core::Global>(head);
  if (!global)
    return 0;
  unsigned arity = program.functions[global->index].arity();
  if (arity <= given)
    return 0;
  TypeRef type = core::resultType(f.type, f.arity());
  for (size_t i = given; i < arity; ++i, type = resolve(type->to))
    if (type->kind != Type::Kind::Fun)
      return 0;
  return unsigned(arity - given);
}

void addParameters(core::Function &f, unsigned count) {
  TypeRef type = core::resultType(f.type, f.arity());
  auto app = llvm::dyn_cast<core::App>(f.body.get());
  std::vector<core::ExprPtr> args;
  core::ExprPtr head;
  if (app) {
    args = std::move(app->args);
    head = std::move(app->fun);
  } else {
    head = std::move(f.body);
  }
  for (unsigned i = 0; i < count; ++i) {
    core::Var *param =
        f.newVar("arg" + std::to_string(f.arity() + 1), resolve(type)->from);
    f.params.push_back(param);
    args.push_back(std::make_unique<core::Local>(param));
    type = resolve(resolve(type)->to);
  }
  f.body = std::make_unique<core::App>(std::move(head), std::move(args),
                                       std::move(type));
}

} // namespace

void raiseArity(core::Program &program) {
  // Raising one function's arity may leave another's body short of
  // arguments: until nothing changes (arities are bounded by the types).
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t i = 0; i < program.functions.size(); ++i) {
      if (i == program.main)
        continue;
      if (unsigned missing = missingArguments(program, program.functions[i])) {
        addParameters(program.functions[i], missing);
        changed = true;
      }
    }
  }
}

} // namespace lazyc::passes
