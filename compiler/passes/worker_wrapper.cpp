//===- worker_wrapper.cpp - Which Int parameters a worker takes unboxed ---===//
//
// A function strict in Int parameters gets a worker that takes them as
// unboxed Ints, in registers (Function::unboxed): its known calls in
// positions evaluated at once compute those arguments as numbers and pass
// them so, with no number node built. The function itself becomes the
// wrapper, for everything else (unknown calls, partial applications,
// thunks): it evaluates those arguments and calls the worker. The G-machine
// schemes build both (gcompile.h).
//
// A worker's unboxed parameter that is needed as a node (a constructor's
// field, a lazy argument, a thunk's captured variable) is boxed again at
// every such use, where the wrapper's node would have been shared; so a
// parameter is unboxed only if all of its uses take it as a number:
//   - an operand of an operator, or the scrutinee of a case, evaluated at
//     once;
//   - the result of a function whose result is an Int;
//   - an argument of a known call with exactly its arguments, evaluated
//     at once, in a position its callee's worker takes unboxed.
// The last makes the choice a fixpoint: every strict Int parameter starts
// unboxed, and one with another use is dropped, until none changes. A
// function that no such known call reaches gets no worker: it would only
// be more code.
//
//===----------------------------------------------------------------------===//

#include "passes/passes.h"

#include "llvm/ADT/DenseSet.h"

namespace lazyc::passes {

namespace {

/// How an expression's value is wanted where it stands: as an unboxed
/// number, as a node evaluated at once, or later (built as a graph).
enum class Wanted { Number, Node, Later };

/// The parameters of one function that some use takes as a node, and the
/// functions it calls where a worker would serve.
class Uses {
public:
  Uses(const core::Program &program, const core::Function &f)
      : program(program) {
    TypeRef result = core::resultType(f.type, f.arity());
    walk(*f.body, core::isIntType(result) ? Wanted::Number : Wanted::Node);
  }

  bool boxed(const core::Var *param) const { return boxedVars.count(param); }
  /// The callees of known calls with exactly their arguments in positions
  /// evaluated at once.
  const llvm::DenseSet<const core::Function *> &callees() const {
    return direct;
  }

private:
  const core::Program &program;
  llvm::DenseSet<const core::Var *> boxedVars;
  llvm::DenseSet<const core::Function *> direct;

  void walk(const core::Expr &e, Wanted wanted) {
    switch (e.kind()) {
    case core::Expr::Kind::Int:
    case core::Expr::Kind::Global:
    case core::Expr::Kind::Ctor:
      return;
    case core::Expr::Kind::Local:
      if (wanted != Wanted::Number)
        boxedVars.insert(llvm::cast<core::Local>(e).var);
      return;
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(e);
      Wanted operands =
          wanted == Wanted::Later ? Wanted::Later : Wanted::Number;
      walk(*op.lhs, operands);
      walk(*op.rhs, operands);
      return;
    }
    case core::Expr::Kind::Case: {
      auto &c = llvm::cast<core::Case>(e);
      Wanted scrutinee = wanted == Wanted::Later              ? Wanted::Later
                         : core::isIntType(c.scrutinee->type) ? Wanted::Number
                                                              : Wanted::Node;
      walk(*c.scrutinee, scrutinee);
      for (const core::Alt &alt : c.alts)
        walk(*alt.body, wanted);
      return;
    }
    case core::Expr::Kind::Let: {
      auto &let = llvm::cast<core::Let>(e);
      for (const core::Binding &b : let.bindings)
        walk(*b.value, Wanted::Later);
      walk(*let.body, wanted);
      return;
    }
    case core::Expr::Kind::App: {
      auto &app = llvm::cast<core::App>(e);
      const core::Function *callee =
          wanted == Wanted::Later ? nullptr
                                  : core::calledWithItsArguments(program, app);
      if (callee && callee->arity() != app.args.size())
        callee = nullptr; // the wrapper takes the call and the rest
      if (callee)
        direct.insert(callee);
      walk(*app.fun, Wanted::Later);
      for (size_t i = 0; i < app.args.size(); ++i) {
        bool number =
            callee && i < callee->unboxed.size() && callee->unboxed[i];
        walk(*app.args[i], number ? Wanted::Number : Wanted::Later);
      }
      return;
    }
    }
  }
};

/// The strict Int parameters of f, at most MaxUnboxedParams of them.
std::vector<bool> candidates(const core::Function &f) {
  std::vector<bool> unboxed(f.arity(), false);
  unsigned count = 0;
  for (unsigned i = 0; i < f.arity() && count < core::MaxUnboxedParams; ++i)
    if (f.strict[i] && core::isIntType(f.params[i]->type)) {
      unboxed[i] = true;
      ++count;
    }
  return unboxed;
}

bool any(const std::vector<bool> &bits) {
  for (bool bit : bits)
    if (bit)
      return true;
  return false;
}

} // namespace

void chooseWorkers(core::Program &program) {
  if (!program.strictnessKnown)
    return;
  for (core::Function &f : program.functions)
    if (f.arity() > 0)
      f.unboxed = candidates(f);
  for (bool changed = true; changed;) {
    changed = false;
    for (core::Function &f : program.functions) {
      if (!any(f.unboxed))
        continue;
      Uses uses(program, f);
      for (unsigned i = 0; i < f.arity(); ++i)
        if (f.unboxed[i] && uses.boxed(f.params[i])) {
          f.unboxed[i] = false;
          changed = true;
        }
    }
  }
  // A worker that no call would use is not made: the wrapper alone serves.
  llvm::DenseSet<const core::Function *> called;
  for (const core::Function &f : program.functions) {
    Uses uses(program, f);
    called.insert(uses.callees().begin(), uses.callees().end());
  }
  for (core::Function &f : program.functions)
    if (!any(f.unboxed) || !called.count(&f))
      f.unboxed.clear();
}

} // namespace lazyc::passes
