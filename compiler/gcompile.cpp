//===- gcompile.cpp - Syntax tree to G-machine code -----------------------===//

#include "gcompile.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <deque>

namespace lazyc {

namespace {

/// A name in scope while compiling a supercombinator's body: a node of the
/// frame (its slot counted from the bottom of the frame, 0 deepest), or a
/// lifted local function with the frame slots it takes first.
struct Binding {
  llvm::StringRef name;
  bool isFunction = false;
  unsigned slot = 0;              // a value
  uint32_t global = 0;            // a function: its supercombinator
  std::vector<unsigned> captured; // a function: slots of its first arguments
};

Binding slotBinding(llvm::StringRef name, unsigned slot) {
  Binding b;
  b.name = name;
  b.slot = slot;
  return b;
}

/// A supercombinator whose body is still to compile: its parameters (the
/// first on top of the stack when it runs) and the local functions it may
/// call, their captured slots already counted in its own frame.
struct PendingBody {
  uint32_t index;
  const Expr *body;
  std::vector<Binding> scope; // functions, and the parameters as slots
  unsigned arity;
};

class ProgramCompiler {
public:
  ProgramCompiler(const Program &program, const SymbolTable &symbols)
      : symbols(symbols), program(program) {}

  GProgram run() {
    for (const ConstructorInfo &c : symbols.constructors)
      out.constructors.push_back({c.name(), c.arity()});
    for (const FunctionDef &f : program.functions) {
      if (symbols.function(f.name.text) != &f)
        continue;
      uint32_t index = declare(f.name.text, f.params.size());
      functionIndices[f.name.text] = index;
      PendingBody work{index, f.body.get(), {}, unsigned(f.params.size())};
      // The first parameter is on top: it has the highest slot.
      for (size_t i = 0; i < f.params.size(); ++i)
        work.scope.push_back(slotBinding(
            f.params[i].text, unsigned(f.params.size() - 1 - i)));
      pending.push_back(std::move(work));
    }
    out.mainIndex = functionIndices.lookup("main");
    while (!pending.empty()) {
      PendingBody work = std::move(pending.front());
      pending.pop_front();
      compileBody(work);
    }
    return std::move(out);
  }

  uint32_t functionIndex(llvm::StringRef name) {
    if (name == "main")
      out.mainIsReferenced = true;
    return functionIndices.lookup(name);
  }

  /// The supercombinator of a constructor used as a value.
  uint32_t constructorIndex(const ConstructorInfo &c) {
    auto [it, fresh] = constructorGlobals.try_emplace(c.name());
    if (fresh) {
      it->second = declare(c.name(), c.arity());
      out.globals[it->second].code = {Instruction::pack(c.id, c.arity()),
                                      {Op::Update, 0},
                                      {Op::Unwind}};
    }
    return it->second;
  }

  /// The supercombinator of an operator used lazily: evaluate both operands
  /// (the first is on top), apply, update the redex and pop the operands.
  uint32_t operatorIndex(BinaryOp op) {
    auto [it, fresh] = operatorGlobals.try_emplace(spelling(op));
    if (fresh) {
      it->second = declare(spelling(op), 2);
      out.globals[it->second].code = {{Op::Push, 0},     {Op::Eval},
                                      {Op::Push, 2},     {Op::Eval},
                                      Instruction::binOp(op), {Op::Update, 2},
                                      {Op::Pop, 2},      {Op::Unwind}};
    }
    return it->second;
  }

  /// A new supercombinator named after what it lifts: owner$double for a
  /// local function (owner$double2 ... if taken), owner$lambda1,
  /// owner$lambda2 ... for what has no name; never a name already given.
  uint32_t declareLifted(llvm::StringRef owner, llvm::StringRef what,
                         bool anonymous, unsigned arity) {
    std::string base = (owner + "$" + what).str();
    unsigned &count = liftCounts[base];
    std::string name;
    do {
      ++count;
      name = !anonymous && count == 1 ? base : base + std::to_string(count);
    } while (names.count(name));
    return declare(name, arity);
  }

  /// The body of a declared supercombinator, compiled later in scope.
  void schedule(uint32_t index, const Expr &body, std::vector<Binding> scope) {
    unsigned arity = out.globals[index].arity;
    pending.push_back({index, &body, std::move(scope), arity});
  }

  const SymbolTable &symbols;

private:
  const Program &program;
  GProgram out;
  llvm::StringMap<uint32_t> functionIndices, constructorGlobals,
      operatorGlobals;
  llvm::StringMap<unsigned> liftCounts;
  llvm::StringSet<> names; // of every supercombinator
  std::deque<PendingBody> pending;

  uint32_t declare(llvm::StringRef name, size_t arity) {
    uint32_t index = uint32_t(out.globals.size());
    out.globals.push_back({name.str(), uint32_t(arity), {}});
    names.insert(name);
    return index;
  }

  void compileBody(const PendingBody &work);
};

/// Compiles the body of one supercombinator.
class BodyCompiler {
public:
  BodyCompiler(ProgramCompiler &programCompiler, std::string owner, Code &code)
      : pc(programCompiler), owner(std::move(owner)), code(&code) {}

  void compile(const PendingBody &work) {
    scope = work.scope;
    depth = work.arity;
    compileR(*work.body);
  }

private:
  ProgramCompiler &pc;
  std::string owner; // names lifted supercombinators
  Code *code;
  std::vector<Binding> scope; // innermost last
  unsigned depth = 0;         // nodes in the frame above the redex root
  unsigned baseOfBranch = 0;  // E: frame depth below a branch's bindings

  void emit(Op op, int64_t n = 0) {
    code->push_back({op, n});
    switch (op) {
    case Op::Push:
    case Op::PushInt:
    case Op::PushGlobal:
      ++depth;
      break;
    case Op::Alloc:
      depth += unsigned(n);
      break;
    case Op::MkApp:
    case Op::Update:
      --depth;
      break;
    case Op::Slide:
    case Op::Pop:
      depth -= unsigned(n);
      break;
    default:
      break;
    }
  }

  void emitPush(unsigned slot) { emit(Op::Push, depth - 1 - slot); }

  void emitPack(uint32_t ctor, uint32_t arity) {
    code->push_back(Instruction::pack(ctor, arity));
    depth = depth - arity + 1;
  }

  void emitBinOp(BinaryOp op) {
    code->push_back(Instruction::binOp(op));
    --depth;
  }

  const Binding *find(llvm::StringRef name) const {
    for (auto it = scope.rbegin(); it != scope.rend(); ++it)
      if (it->name == name)
        return &*it;
    return nullptr;
  }

  /// R: the body of the supercombinator, in tail position.
  void compileR(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Case:
      compileCase(llvm::cast<CaseExpr>(e),
                  [this](const Expr &body) { compileR(body); });
      return;
    case Expr::Kind::If:
      compileIf(llvm::cast<IfExpr>(e),
                [this](const Expr &body) { compileR(body); });
      return;
    case Expr::Kind::Let:
      compileLet(llvm::cast<LetExpr>(e), [this](const Expr &body) {
        compileR(body);
        return false; // the frame is popped by the body's Pop
      });
      return;
    case Expr::Kind::Int:
    case Expr::Kind::Binary:
      compileE(e);
      break;
    default:
      compileC(e);
      break;
    }
    unsigned frame = depth - 1;
    emit(Op::Update, frame);
    if (frame)
      emit(Op::Pop, frame);
    emit(Op::Unwind);
  }

  /// The E scheme of a branch body: evaluate, then drop its bindings.
  void compileBranchE(const Expr &body) {
    unsigned bound = depth - baseOfBranch;
    compileE(body);
    if (bound)
      emit(Op::Slide, bound);
  }

  /// E: evaluate to weak head normal form, leaving the result on top.
  void compileE(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<IntExpr>(e).value);
      return;
    case Expr::Kind::Binary: {
      auto &bin = llvm::cast<BinaryExpr>(e);
      compileE(*bin.lhs); // left operand first
      compileE(*bin.rhs);
      emitBinOp(bin.op);
      return;
    }
    case Expr::Kind::Case:
      compileCase(llvm::cast<CaseExpr>(e),
                  [this](const Expr &body) { compileBranchE(body); });
      return;
    case Expr::Kind::If:
      compileIf(llvm::cast<IfExpr>(e),
                [this](const Expr &body) { compileBranchE(body); });
      return;
    case Expr::Kind::Let:
      compileLet(llvm::cast<LetExpr>(e), [this](const Expr &body) {
        compileE(body);
        return true;
      });
      return;
    default:
      compileC(e);
      emit(Op::Eval);
      return;
    }
  }

  /// Opens a branch of a Jump: its code goes to branch.code, with the
  /// scrutinee at scrutineeSlot replaced by bound nodes.
  struct BranchState {
    Code *code;
    size_t scope;
    unsigned depth, base;
  };
  BranchState enterBranch(JumpBranch &branch, unsigned scrutineeSlot) {
    BranchState saved{code, scope.size(), depth, baseOfBranch};
    code = &branch.code;
    baseOfBranch = scrutineeSlot;
    return saved;
  }
  void leaveBranch(const BranchState &saved) {
    code = saved.code;
    scope.resize(saved.scope);
    depth = saved.depth;
    baseOfBranch = saved.base;
  }

  /// Evaluates the scrutinee and jumps to the branch of its constructor or
  /// number; each branch binds its variables and is compiled by
  /// compileBody.
  template <typename BodyScheme>
  void compileCase(const CaseExpr &c, BodyScheme compileBody) {
    compileE(*c.scrutinee);
    unsigned scrutineeSlot = depth - 1;
    Instruction jump(Op::Jump);
    jump.onNumber = std::any_of(
        c.branches.begin(), c.branches.end(),
        [](const Branch &b) { return b.pattern.kind == Pattern::Kind::Int; });
    std::vector<int64_t> covered;
    for (const Branch &b : c.branches) {
      const Pattern &p = b.pattern;
      std::optional<int64_t> key;
      if (p.kind == Pattern::Kind::Int)
        key = p.value;
      else if (p.kind == Pattern::Kind::Ctor)
        key = pc.symbols.constructor(p.name.text)->id;
      if (key && std::count(covered.begin(), covered.end(), *key))
        continue; // an earlier branch already matches it
      JumpBranch branch;
      branch.key = key;
      BranchState saved = enterBranch(branch, scrutineeSlot);
      switch (p.kind) {
      case Pattern::Kind::Ctor: {
        uint32_t arity = pc.symbols.constructor(p.name.text)->arity();
        emit(Op::Split, arity);
        depth = scrutineeSlot + arity;
        for (size_t i = 0; i < p.vars.size(); ++i)
          if (p.vars[i].text != Wildcard)
            scope.push_back(slotBinding(p.vars[i].text, depth - 1 - unsigned(i)));
        break;
      }
      case Pattern::Kind::Int:
        emit(Op::Pop, 1);
        break;
      case Pattern::Kind::Var:
        scope.push_back(slotBinding(p.name.text, scrutineeSlot));
        break;
      case Pattern::Kind::Wildcard:
        break;
      }
      compileBody(*b.body);
      leaveBranch(saved);
      jump.branches.push_back(std::move(branch));
      if (!key)
        break; // a variable or _ matches everything: later branches are dead
      covered.push_back(*key);
    }
    code->push_back(std::move(jump));
  }

  /// if c then a else b: a Jump on the Bool c evaluates to.
  template <typename BodyScheme>
  void compileIf(const IfExpr &i, BodyScheme compileBody) {
    compileE(*i.condition);
    unsigned conditionSlot = depth - 1;
    Instruction jump(Op::Jump);
    for (auto [key, body] : {std::pair{TrueId, i.thenExpr.get()},
                             std::pair{FalseId, i.elseExpr.get()}}) {
      JumpBranch branch;
      branch.key = key;
      BranchState saved = enterBranch(branch, conditionSlot);
      emit(Op::Split, 0);
      depth = conditionSlot;
      compileBody(*body);
      leaveBranch(saved);
      jump.branches.push_back(std::move(branch));
    }
    code->push_back(std::move(jump));
  }

  /// let: local values become holes of the frame (Alloc) that their graphs
  /// then fill (Update), so each is built once and shared, and may refer to
  /// itself; local functions are lifted. compileBody returns whether the
  /// values must then be slid away from under the result.
  template <typename BodyScheme>
  void compileLet(const LetExpr &let, BodyScheme compileBody) {
    size_t outer = scope.size();
    std::vector<const FunctionDef *> values, functions;
    for (const FunctionDef &d : let.defs)
      (d.params.empty() ? values : functions).push_back(&d);
    unsigned firstHole = depth;
    if (!values.empty())
      emit(Op::Alloc, int64_t(values.size()));
    for (size_t i = 0; i < values.size(); ++i)
      scope.push_back(slotBinding(values[i]->name.text, firstHole + unsigned(i)));
    bindLocalFunctions(functions);
    for (size_t i = 0; i < values.size(); ++i) {
      compileC(*values[i]->body);
      emit(Op::Update, depth - 2 - (firstHole + unsigned(i)));
    }
    bool slide = compileBody(*let.body);
    if (slide && !values.empty())
      emit(Op::Slide, int64_t(values.size()));
    scope.resize(outer);
  }

  /// Binds the functions of one let, each to a supercombinator that takes
  /// the slots it needs (directly or through the others it calls) first.
  void bindLocalFunctions(const std::vector<const FunctionDef *> &functions) {
    size_t first = scope.size();
    for (const FunctionDef *f : functions) {
      Binding b;
      b.name = f->name.text;
      b.isFunction = true;
      scope.push_back(b);
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i < functions.size(); ++i) {
        std::vector<unsigned> captured =
            capturedBy(*functions[i]->body, functions[i]->params);
        if (captured != scope[first + i].captured) {
          scope[first + i].captured = std::move(captured);
          changed = true;
        }
      }
    }
    // All are declared before any is scheduled: they may call each other.
    for (size_t i = 0; i < functions.size(); ++i)
      scope[first + i].global = pc.declareLifted(
          owner, functions[i]->name.text, false,
          unsigned(scope[first + i].captured.size() + functions[i]->params.size()));
    for (size_t i = 0; i < functions.size(); ++i)
      pc.schedule(scope[first + i].global, *functions[i]->body,
                  liftedScope(scope[first + i].captured, functions[i]->params));
  }

  /// The frame slots that code for e needs, in slot order: the values it
  /// uses and the captured slots of the local functions it calls.
  std::vector<unsigned> capturedBy(const Expr &e,
                                   const std::vector<Name> &params = {}) const {
    std::vector<unsigned> slots;
    forEachFreeVariable(e, [&](const VarExpr &var) {
      for (const Name &p : params)
        if (p.text == var.name)
          return;
      const Binding *b = find(var.name);
      if (!b)
        return; // a global
      if (b->isFunction)
        slots.insert(slots.end(), b->captured.begin(), b->captured.end());
      else
        slots.push_back(b->slot);
    });
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    return slots;
  }

  /// A supercombinator for an anonymous body (a lambda, a case, an if)
  /// taking the captured slots first, then params.
  uint32_t liftFunction(llvm::StringRef what, const Expr &body,
                        const std::vector<unsigned> &captured,
                        const std::vector<Name> &params) {
    uint32_t index = pc.declareLifted(
        owner, what, true, unsigned(captured.size() + params.size()));
    pc.schedule(index, body, liftedScope(captured, params));
    return index;
  }

  /// The scope of a lifted body: the captured slots and the parameters, and
  /// the local functions it can call, their slots renumbered for its frame.
  std::vector<Binding> liftedScope(const std::vector<unsigned> &captured,
                                   const std::vector<Name> &params) const {
    unsigned arity = unsigned(captured.size() + params.size());
    auto newSlot = [&](unsigned oldSlot) -> std::optional<unsigned> {
      auto it = std::find(captured.begin(), captured.end(), oldSlot);
      if (it == captured.end())
        return std::nullopt;
      return arity - 1 - unsigned(it - captured.begin());
    };
    std::vector<Binding> inner;
    for (const Binding &b : scope) {
      if (!b.isFunction) {
        if (auto slot = newSlot(b.slot))
          inner.push_back(slotBinding(b.name, *slot));
        continue;
      }
      Binding f = b;
      bool reachable = true;
      for (unsigned &slot : f.captured) {
        auto renumbered = newSlot(slot);
        reachable &= bool(renumbered);
        slot = renumbered.value_or(0);
      }
      if (reachable)
        inner.push_back(std::move(f));
    }
    for (size_t i = 0; i < params.size(); ++i)
      inner.push_back(slotBinding(params[i].text,
                                  unsigned(params.size() - 1 - i)));
    return inner;
  }

  /// Pushes the captured slots (the first argument last) and the
  /// supercombinator, and applies it to them.
  void emitPartialApplication(uint32_t global,
                              const std::vector<unsigned> &captured) {
    for (auto it = captured.rbegin(); it != captured.rend(); ++it)
      emitPush(*it);
    emit(Op::PushGlobal, global);
    for (size_t i = 0; i < captured.size(); ++i)
      emit(Op::MkApp);
  }

  /// C: build the graph of e without evaluating anything.
  void compileC(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<IntExpr>(e).value);
      return;
    case Expr::Kind::Var: {
      auto &var = llvm::cast<VarExpr>(e);
      const Binding *b = find(var.name);
      if (!b)
        emit(Op::PushGlobal, pc.functionIndex(var.name));
      else if (b->isFunction)
        emitPartialApplication(b->global, b->captured);
      else
        emitPush(b->slot);
      return;
    }
    case Expr::Kind::Ctor:
    case Expr::Kind::App:
      compileApplication(e);
      return;
    case Expr::Kind::Binary: {
      auto &bin = llvm::cast<BinaryExpr>(e);
      compileC(*bin.rhs);
      compileC(*bin.lhs);
      emit(Op::PushGlobal, pc.operatorIndex(bin.op));
      emit(Op::MkApp);
      emit(Op::MkApp);
      return;
    }
    case Expr::Kind::Case:
      emitLifted("case", e);
      return;
    case Expr::Kind::If:
      emitLifted("if", e);
      return;
    case Expr::Kind::Let:
      compileLet(llvm::cast<LetExpr>(e), [this](const Expr &body) {
        compileC(body);
        return true;
      });
      return;
    case Expr::Kind::Lambda: {
      auto &lambda = llvm::cast<LambdaExpr>(e);
      std::vector<unsigned> captured = capturedBy(e);
      emitPartialApplication(
          liftFunction("lambda", *lambda.body, captured, lambda.params),
          captured);
      return;
    }
    }
  }

  /// A case or if in a lazy position: a supercombinator of what it uses.
  void emitLifted(llvm::StringRef what, const Expr &e) {
    std::vector<unsigned> captured = capturedBy(e);
    emitPartialApplication(liftFunction(what, e, captured, {}), captured);
  }

  /// f a1 ... an: a saturated constructor is packed at once; anything else
  /// becomes a spine of application nodes.
  void compileApplication(const Expr &e) {
    std::vector<const Expr *> args;
    const Expr *head = &e;
    while (auto *app = llvm::dyn_cast<AppExpr>(head)) {
      args.push_back(app->arg.get()); // last argument first
      head = app->fun.get();
    }
    for (const Expr *arg : args)
      compileC(*arg);
    if (auto *ctorExpr = llvm::dyn_cast<CtorExpr>(head)) {
      const ConstructorInfo &ctor = *pc.symbols.constructor(ctorExpr->name);
      if (ctor.arity() == args.size()) {
        emitPack(ctor.id, ctor.arity());
        return;
      }
      emit(Op::PushGlobal, pc.constructorIndex(ctor));
    } else {
      compileC(*head);
    }
    for (size_t i = 0; i < args.size(); ++i)
      emit(Op::MkApp);
  }
};

void ProgramCompiler::compileBody(const PendingBody &work) {
  // Lifted names are built from the top-level function's name; copied out
  // of the globals vector, which grows while the body compiles.
  std::string name = out.globals[work.index].name;
  Code code;
  BodyCompiler(*this, name.substr(0, name.find('$')), code).compile(work);
  out.globals[work.index].code = std::move(code);
}

} // namespace

GProgram compileProgram(const Program &program, const SymbolTable &symbols) {
  return ProgramCompiler(program, symbols).run();
}

} // namespace lazyc
