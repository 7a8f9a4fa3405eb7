//===- strictness.cpp - The strictness analysis ---------------------------===//
//
// Computes every function's signature (Function::strict): each starts
// strict in every parameter, and a function whose S(body) lacks one of
// them loses it; the functions that call it are then looked at again,
// until no signature changes. Signatures only ever lose parameters, so
// this ends, with the greatest signatures the equations allow.
//
//===----------------------------------------------------------------------===//

#include "passes/strictness.h"

#include "passes/passes.h"

#include <deque>
#include <functional>

namespace lazyc::passes {

llvm::BitVector StrictVariables::of(const core::Expr &e) {
  llvm::BitVector set(varCount);
  addTo(e, set);
  return set;
}

const llvm::BitVector &StrictVariables::ofBody(const core::Let &let) {
  auto it = letBodies.find(&let);
  if (it == letBodies.end())
    it = letBodies.try_emplace(&let, of(*let.body)).first;
  return it->second;
}

void StrictVariables::addTo(const core::Expr &e, llvm::BitVector &set) {
  auto insert = [&](const core::Var *v) {
    if (v->id >= set.size())
      set.resize(v->id + 1);
    set.set(v->id);
  };
  switch (e.kind()) {
  case core::Expr::Kind::Int:
  case core::Expr::Kind::Global:
  case core::Expr::Kind::Ctor:
    return;
  case core::Expr::Kind::Local:
    insert(llvm::cast<core::Local>(e).var);
    return;
  case core::Expr::Kind::PrimOp: {
    auto &op = llvm::cast<core::PrimOp>(e);
    addTo(*op.lhs, set);
    addTo(*op.rhs, set);
    return;
  }
  case core::Expr::Kind::App: {
    auto &app = llvm::cast<core::App>(e);
    if (llvm::isa<core::Global>(*app.fun)) {
      if (const core::Function *callee =
              core::calledWithItsArguments(program, app))
        for (size_t i = 0; i < callee->arity(); ++i)
          if (isStrictIn(*callee, i))
            addTo(*app.args[i], set);
      return; // else a partial application or a CAF's function: lazy
    }
    addTo(*app.fun, set); // a constructor adds nothing
    return;
  }
  case core::Expr::Kind::Case: {
    auto &c = llvm::cast<core::Case>(e);
    addTo(*c.scrutinee, set);
    llvm::BitVector common;
    bool first = true;
    for (const core::Alt &alt : c.alts) {
      llvm::BitVector branch = of(*alt.body);
      if (first)
        common = std::move(branch);
      else
        common &= branch;
      first = false;
    }
    set |= common;
    return;
  }
  case core::Expr::Kind::Let: {
    auto &let = llvm::cast<core::Let>(e);
    llvm::BitVector body = ofBody(let);
    // A bound variable the body evaluates evaluates its value, which may
    // evaluate another bound variable: until no new one is reached.
    std::vector<bool> expanded(let.bindings.size());
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t i = 0; i < let.bindings.size(); ++i)
        if (!expanded[i] && contains(body, *let.bindings[i].var)) {
          expanded[i] = grew = true;
          addTo(*let.bindings[i].value, body);
        }
    }
    set |= body;
    return;
  }
  }
}

namespace {

/// For each function, the functions whose bodies refer to it.
std::vector<std::vector<uint32_t>> callersOf(core::Program &program) {
  std::vector<std::vector<uint32_t>> callers(program.functions.size());
  for (uint32_t i = 0; i < program.functions.size(); ++i) {
    std::function<void(core::ExprPtr &)> visit = [&](core::ExprPtr &e) {
      if (auto *global = llvm::dyn_cast<core::Global>(e.get())) {
        std::vector<uint32_t> &list = callers[global->index];
        if (list.empty() || list.back() != i)
          list.push_back(i);
      }
      core::forEachChild(*e, visit);
    };
    visit(program.functions[i].body);
  }
  return callers;
}

} // namespace

void analyseStrictness(core::Program &program) {
  for (core::Function &f : program.functions)
    f.strict.assign(f.arity(), true);
  std::vector<std::vector<uint32_t>> callers = callersOf(program);
  std::deque<uint32_t> work;
  std::vector<bool> waiting(program.functions.size(), true);
  for (uint32_t i = 0; i < program.functions.size(); ++i)
    work.push_back(i);
  while (!work.empty()) {
    uint32_t index = work.front();
    work.pop_front();
    waiting[index] = false;
    core::Function &f = program.functions[index];
    llvm::BitVector body = StrictVariables(program, f).of(*f.body);
    std::vector<bool> signature(f.arity());
    for (size_t i = 0; i < f.arity(); ++i)
      signature[i] = StrictVariables::contains(body, *f.params[i]);
    if (signature == f.strict)
      continue;
    f.strict = std::move(signature);
    for (uint32_t caller : callers[index])
      if (!waiting[caller]) {
        waiting[caller] = true;
        work.push_back(caller);
      }
  }
  program.strictnessKnown = true;
}

} // namespace lazyc::passes
