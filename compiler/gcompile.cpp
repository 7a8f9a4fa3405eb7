//===- gcompile.cpp - Core to G-machine code ------------------------------===//

#include "gcompile.h"

#include "names.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cassert>
#include <deque>
#include <optional>

namespace lazyc {

namespace {

/// The most fields a node has: a call with more arguments is a spine.
constexpr size_t MaxThunkArguments = 255;

/// A supercombinator whose body is still to compile: a Core function, or
/// an expression lifted out of a lazy position (its parameters are the
/// variables it uses).
struct PendingBody {
  uint32_t index;
  const std::vector<core::Var *> *params;
  const core::Expr *body;
  llvm::StringRef owner; // names what its body lifts
};

class ProgramCompiler {
public:
  ProgramCompiler(const core::Program &program, const SchemeOptions &options)
      : program(program), options(options) {}

  GProgram run() {
    for (const core::Constructor &c : program.constructors)
      out.constructors.push_back({c.name, c.arity});
    for (const core::Function &f : program.functions)
      declare(f.name, f.arity(), resultOf(f));
    workers.assign(program.functions.size(), NoWorker);
    for (uint32_t i = 0; i < program.functions.size(); ++i) {
      const core::Function &f = program.functions[i];
      llvm::StringRef owner =
          llvm::StringRef(f.name).take_until([](char c) { return c == '$'; });
      if (f.unboxed.empty() || !options.strict) {
        pending.push_back({i, &f.params, f.body.get(), owner});
        continue;
      }
      workers[i] = declare(core::workerName(f), f.arity(), resultOf(f));
      out.globals[workers[i]].unboxed = f.unboxed;
      out.globals[i].code = wrapperCode(workers[i]);
      pending.push_back({workers[i], &f.params, f.body.get(), owner});
    }
    out.mainIndex = program.main;
    while (!pending.empty()) {
      PendingBody work = pending.front();
      pending.pop_front();
      compileBody(work);
    }
    return std::move(out);
  }

  /// The type of f's result, if f is a function (a CAF's value is a node).
  static TypeRef resultOf(const core::Function &f) {
    return f.arity() > 0 ? core::resultType(f.type, f.arity()) : nullptr;
  }

  const Supercombinator &global(uint32_t index) const {
    return out.globals[index];
  }

  /// What a known call of function `index` with its arguments calls: its
  /// worker if it has one.
  uint32_t callTarget(uint32_t index) const {
    return workers[index] != NoWorker ? workers[index] : index;
  }

  uint32_t functionIndex(uint32_t index) {
    if (index == program.main)
      out.mainIsReferenced = true;
    return index;
  }

  /// The supercombinator of a constructor used as a value.
  uint32_t constructorIndex(uint32_t id) {
    const ConstructorEntry &c = out.constructors[id];
    auto [it, fresh] = constructorGlobals.try_emplace(c.name);
    if (fresh) {
      it->second = declare(c.name, c.arity, nullptr);
      out.globals[it->second].code = {Instruction::pack(id, c.arity),
                                      {Op::Return}};
    }
    return it->second;
  }

  /// The plain scheme's supercombinator of an operator used lazily: both
  /// operands evaluated (the first is on top), the operator applied.
  uint32_t operatorIndex(BinaryOp op) {
    auto [it, fresh] = operatorGlobals.try_emplace(spelling(op));
    if (fresh) {
      it->second = declare(spelling(op), 2, nullptr);
      out.globals[it->second].code = {
          {Op::Push, 0},
          {Op::Eval, 0},
          {Op::Get},
          {Op::Push, 1},
          {Op::Eval, 0},
          {Op::Get},
          Instruction::primOp(op),
          {isComparison(op) ? Op::MkBool : Op::MkInt},
          {Op::Return}};
    }
    return it->second;
  }

  /// A supercombinator for an expression in a lazy position, named
  /// owner$case1, owner$if1, owner$thunk1 ...; it takes the variables the
  /// expression uses.
  uint32_t lift(llvm::StringRef owner, const core::Expr &e,
                const std::vector<core::Var *> &params) {
    llvm::StringRef what = "thunk";
    if (auto *c = llvm::dyn_cast<core::Case>(&e))
      what = isIf(*c) ? "if" : "case";
    std::string base = (owner + "$" + what).str();
    unsigned &count = liftCounts[base];
    std::string name;
    do
      name = base + std::to_string(++count);
    while (names.count(name));
    uint32_t index = declare(name, params.size(), e.type);
    liftedParams.push_back(params);
    pending.push_back({index, &liftedParams.back(), &e, owner});
    return index;
  }

  const core::Program &program;
  const SchemeOptions &options;

private:
  GProgram out;
  llvm::StringMap<uint32_t> constructorGlobals, operatorGlobals;
  llvm::StringMap<unsigned> liftCounts;
  llvm::StringSet<> names; // of every supercombinator
  std::deque<PendingBody> pending;
  std::deque<std::vector<core::Var *>> liftedParams; // stable addresses
  /// Per Core function, the index of its worker, or NoWorker.
  std::vector<uint32_t> workers;
  static constexpr uint32_t NoWorker = UINT32_MAX;

  /// A wrapper's code: the arguments its worker takes unboxed evaluated in
  /// place, first to last, then the worker's arguments pushed (those as
  /// numbers) and the worker tail-called.
  Code wrapperCode(uint32_t workerIndex) const {
    const Supercombinator &worker = global(workerIndex);
    Code code;
    for (unsigned j = 0; j < worker.arity; ++j)
      if (worker.unboxed[j])
        code.emplace_back(Op::Eval, j);
    unsigned pushed = 0;
    for (unsigned j = worker.arity; j-- > 0;) {
      code.emplace_back(Op::Push, j + pushed);
      if (worker.unboxed[j])
        code.emplace_back(Op::Get);
      else
        ++pushed;
    }
    code.emplace_back(Op::TailCall, workerIndex);
    return code;
  }

  /// What `if` became in Core: a case on True, then False.
  static bool isIf(const core::Case &c) {
    return c.alts.size() == 2 && c.alts[0].kind == core::Alt::Kind::Ctor &&
           c.alts[0].ctor == TrueId &&
           c.alts[1].kind == core::Alt::Kind::Ctor && c.alts[1].ctor == FalseId;
  }

  /// A supercombinator whose result has type `result` (none: a node of any
  /// type): the strict scheme returns an Int or a Bool unboxed.
  uint32_t declare(llvm::StringRef name, size_t arity, const TypeRef &result) {
    uint32_t index = uint32_t(out.globals.size());
    bool isBool = result && core::isBoolType(result);
    bool unboxed =
        options.strict && result && (core::isIntType(result) || isBool);
    out.globals.push_back(
        {name.str(), uint32_t(arity), unboxed, {}, {}, unboxed && isBool});
    names.insert(name);
    return index;
  }

  void compileBody(const PendingBody &work);

  friend class BodyCompiler;
};

/// Where a variable lives while a body runs: a node in a slot of the frame
/// (counted from its bottom), or an unboxed Int on the value stack (counted
/// from its bottom).
struct Binding {
  bool unboxed = false;
  unsigned slot = 0;
};

/// What a case alternative's body is compiled with, and so what a branch
/// leaves behind: nothing (it returns), a node, or a value.
enum class Scheme { R, RInt, E, B };

/// The order in which a body's code runs, as the schemes compile it: the
/// arguments of a call before the call, a case's scrutinee before its
/// alternatives, the left operand before the right, a let's values before
/// its body. Each call and each use of a variable gets a position in that
/// order; a variable whose last use comes before a call is dead during
/// it. (A use in another alternative may come later without running
/// after the call: the variable is then kept, which is only cautious.)
class RunOrder {
public:
  explicit RunOrder(const core::Expr &body) { number(body); }

  unsigned position(const core::Expr &call) const {
    return positions.lookup(&call);
  }
  /// 0 for a variable never used.
  unsigned lastUse(const core::Var *var) const { return lastUses.lookup(var); }

private:
  unsigned next = 1;
  llvm::DenseMap<const core::Expr *, unsigned> positions; // of applications
  llvm::DenseMap<const core::Var *, unsigned> lastUses;

  void number(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Local:
      lastUses[llvm::cast<core::Local>(e).var] = next++;
      return;
    case core::Expr::Kind::App: {
      auto &app = llvm::cast<core::App>(e);
      for (const core::ExprPtr &arg : app.args)
        number(*arg);
      number(*app.fun);
      positions[&e] = next++;
      return;
    }
    default:
      core::forEachChild(const_cast<core::Expr &>(e),
                         [&](core::ExprPtr &child) { number(*child); });
      return;
    }
  }
};

/// Compiles the body of one supercombinator.
class BodyCompiler {
public:
  BodyCompiler(ProgramCompiler &programCompiler, llvm::StringRef owner,
               Code &code)
      : pc(programCompiler), strict(programCompiler.options.strict),
        owner(owner), code(&code) {}

  void compile(const std::vector<core::Var *> &params, const core::Expr &body,
               const Supercombinator &sc) {
    order.emplace(body);
    depth = sc.nodeParams();
    vdepth = sc.valueParams();
    // The first parameter is on top: it has the highest slot (of the node
    // stack, or of V for a worker's unboxed one).
    slotVars.resize(depth);
    unsigned node = depth, value = vdepth;
    for (size_t i = 0; i < params.size(); ++i) {
      if (sc.isWorker() && sc.unboxed[i])
        bindings[params[i]] = {true, --value};
      else
        bindSlot(params[i], --node);
    }
    compileTail(sc.intResult ? Scheme::RInt : Scheme::R, body);
  }

private:
  ProgramCompiler &pc;
  const bool strict;
  llvm::StringRef owner; // names lifted supercombinators
  Code *code;
  llvm::DenseMap<const core::Var *, Binding> bindings;
  /// Variables whose slot holds an evaluated node, in the code being
  /// compiled (saved and restored around each branch).
  llvm::DenseSet<const core::Var *> evaluated;
  unsigned depth = 0;            // nodes in the frame
  unsigned vdepth = 0;           // values on the value stack
  std::optional<RunOrder> order; // of the body being compiled
  /// The variable each slot of the frame holds, null for a node no
  /// variable names (which nothing reads once the code has gone past what
  /// pushed it), or cleared() once Clear has emptied the slot.
  std::vector<const core::Var *> slotVars;
  /// The slots below it stay where they are (a pinned Anchor): no call
  /// drops them.
  unsigned floor = 0;
  std::vector<unsigned *> anchors; // the live Anchors' depths
  static const core::Var *cleared() {
    static const core::Var marker{"", 0, nullptr};
    return &marker;
  }

  void bindSlot(const core::Var *var, unsigned slot) {
    bindings[var] = {false, slot};
    slotVars[slot] = var;
  }

  /// Before CALL, whose arguments are pushed above slot FRAME_TOP: lets go
  /// of the slots of the frame that no code after the call reads, so that
  /// the collector need not keep their nodes while the call runs (the head
  /// of a list the callee consumes, say). Those right below the arguments,
  /// down to the floor, are dropped (a Slide under the arguments): a
  /// recursion that needs nothing of its frame after the call, like
  /// `x + sum xs`, then keeps none of it on the stack (but the mark of
  /// codegen.cpp). The others, below a slot still needed, are emptied.
  void releaseDeadSlots(unsigned frameTop, const core::Expr &call) {
    unsigned now = order->position(call);
    auto dead = [&](unsigned slot) {
      const core::Var *var = slotVars[slot];
      return var == cleared() || !var || order->lastUse(var) <= now;
    };
    unsigned drop = 0;
    while (frameTop - drop > floor && dead(frameTop - drop - 1))
      ++drop;
    if (drop > 0) {
      unsigned arguments = depth - frameTop;
      if (arguments > 0)
        emit(Instruction::slide(drop, arguments));
      else
        emit(Op::Pop, drop);
      frameTop -= drop;
      for (unsigned *base : anchors)
        *base = std::min(*base, frameTop);
    }
    for (unsigned slot = 0; slot < frameTop; ++slot) {
      if (slotVars[slot] == cleared() || !dead(slot))
        continue;
      emit(Op::Clear, offsetOf(slot));
      slotVars[slot] = cleared();
    }
  }

  /// While it lives, the depth a construct comes back to when it is done
  /// (a let's or a case's in E, B or C), which then counts the slots above
  /// it: a drop below it lowers it. A case whose branches meet again after
  /// it pins its frame instead: every branch must come back to the same
  /// depth, and only some may drop slots.
  class Anchor {
  public:
    Anchor(BodyCompiler &bc, unsigned &base, bool pin = false)
        : bc(bc), outerFloor(bc.floor), pin(pin) {
      if (pin)
        bc.floor = base;
      else
        bc.anchors.push_back(&base);
    }
    ~Anchor() {
      if (pin)
        bc.floor = outerFloor;
      else
        bc.anchors.pop_back();
    }
    Anchor(const Anchor &) = delete;
    Anchor &operator=(const Anchor &) = delete;

  private:
    BodyCompiler &bc;
    unsigned outerFloor;
    bool pin;
  };

  void emit(Instruction i) {
    StackEffect effect = stackEffect(i, pc.out);
    assert(depth >= effect.popNodes && vdepth >= effect.popValues &&
           "an instruction pops what the frame does not hold");
    depth = depth - effect.popNodes + effect.pushNodes;
    vdepth = vdepth - effect.popValues + effect.pushValues;
    slotVars.resize(depth - effect.pushNodes);
    slotVars.resize(depth, nullptr); // what is pushed is no variable yet
    code->push_back(std::move(i));
  }

  void emit(Op op, int64_t n = 0) { emit(Instruction(op, n)); }

  unsigned offsetOf(unsigned slot) const { return depth - 1 - slot; }

  // ---- Variables ----------------------------------------------------------

  /// Pushes a variable's node (boxing an unboxed one).
  void pushVariable(const core::Var *var) {
    const Binding &b = bindings.at(var);
    checkHeld(var, b);
    if (b.unboxed) {
      emit(Op::PushV, vdepth - 1 - b.slot);
      emit(Op::MkInt);
    } else {
      emit(Op::Push, offsetOf(b.slot));
    }
  }

  /// Pushes a variable's node, evaluated: in its own slot in the strict
  /// scheme, so that every later use finds it evaluated.
  void pushEvaluated(const core::Var *var) {
    const Binding &b = bindings.at(var);
    checkHeld(var, b);
    if (b.unboxed || !strict) {
      pushVariable(var);
      if (!b.unboxed)
        emit(Op::Eval, 0);
      return;
    }
    if (!evaluated.count(var)) {
      emit(Op::Eval, offsetOf(b.slot));
      evaluated.insert(var);
    }
    emit(Op::Push, offsetOf(b.slot));
  }

  void checkHeld(const core::Var *var, const Binding &b) const {
    if (!b.unboxed && (b.slot >= slotVars.size() || slotVars[b.slot] != var))
      llvm::report_fatal_error("G-code of " + llvm::Twine(owner) +
                               " uses a slot it has cleared or dropped");
  }

  bool isEvaluatedInt(const core::Var *var) const {
    const Binding &b = bindings.at(var);
    return b.unboxed || (evaluated.count(var) && core::isIntType(var->type));
  }

  // ---- R: tail position ---------------------------------------------------

  /// The body in tail position: it ends the function.
  void compileTail(Scheme scheme, const core::Expr &e) {
    if (auto *c = llvm::dyn_cast<core::Case>(&e)) {
      compileCase(*c, scheme);
      return;
    }
    if (auto *let = llvm::dyn_cast<core::Let>(&e)) {
      compileLet(*let); // Return drops the frame, values and all
      compileTail(scheme, *let->body);
      return;
    }
    if (uint32_t callee; strict && knownCall(e, &callee) &&
                         (scheme == Scheme::R || pc.global(callee).intResult)) {
      uint32_t target = pc.callTarget(callee);
      pushArguments(llvm::cast<core::App>(e).args, pc.global(target).unboxed);
      emit(Op::TailCall, target);
      return;
    }
    if (scheme == Scheme::RInt) {
      compileB(e);
      emit(Op::ReturnInt);
      return;
    }
    auto *app = llvm::dyn_cast<core::App>(&e);
    if (strict && app && overSaturated(*app)) {
      compileOverSaturatedCall(*app, Tail::Jump);
      return;
    }
    if (strict && app && unknownHead(*app)) {
      pushArguments(app->args);
      compileC(*app->fun);
      emit(Op::TailApply, app->args.size());
      return;
    }
    if (llvm::isa<core::Int>(e) || llvm::isa<core::PrimOp>(e))
      compileE(e);
    else
      compileC(e); // the caller evaluates it: no C stack for the call
    emit(Op::Return);
  }

  /// Whether e calls a known function of arity >= 1 with exactly its
  /// arguments; if so, which.
  bool knownCall(const core::Expr &e, uint32_t *callee) const {
    auto *app = llvm::dyn_cast<core::App>(&e);
    if (!app)
      return false;
    auto *global = llvm::dyn_cast<core::Global>(app->fun.get());
    if (!global)
      return false;
    uint32_t arity = pc.global(global->index).arity;
    *callee = global->index;
    return arity > 0 && arity == app->args.size();
  }

  bool overSaturated(const core::App &app) const {
    auto *global = llvm::dyn_cast<core::Global>(app.fun.get());
    if (!global)
      return false;
    uint32_t arity = pc.global(global->index).arity;
    return arity > 0 && arity < app.args.size();
  }

  /// How the call of the function a call returns is made: evaluated there
  /// (Apply), or as a jump (TailApply) in tail position.
  enum class Tail { Apply, Jump };

  /// f a1 .. an with n > arity(f): calls f with its arguments, then applies
  /// the function it returns to the rest.
  void compileOverSaturatedCall(const core::App &app, Tail tail) {
    uint32_t callee = llvm::cast<core::Global>(*app.fun).index;
    pushCall(app, false);
    emit(Op::Call, callee);
    size_t rest = app.args.size() - pc.global(callee).arity;
    emit(tail == Tail::Jump ? Op::TailApply : Op::Apply, rest);
  }

  /// f a1 .. an of an unknown f in a strict context: no spine to build.
  void compileUnknownCall(const core::App &app) {
    pushCall(app, true);
    emit(Op::Apply, app.args.size());
  }

  /// Whether the head of an application is neither a function nor a
  /// constructor known here.
  static bool unknownHead(const core::App &app) {
    return !llvm::isa<core::Global>(*app.fun) &&
           !llvm::isa<core::Ctor>(*app.fun);
  }

  /// The arguments of a call, the last pushed first: as numbers on V where
  /// the callee is a worker that takes them unboxed. (UNBOXED is a copy:
  /// compiling the arguments may declare supercombinators, which moves the
  /// callee's.)
  void pushArguments(const std::vector<core::ExprPtr> &args,
                     std::vector<bool> unboxed = {}) {
    for (size_t j = args.size(); j-- > 0;)
      if (j < unboxed.size() && unboxed[j])
        compileB(*args[j]);
      else
        compileC(*args[j]);
  }

  /// What a call that returns here takes (its arguments, and the function
  /// too if it is unknown), then the frame's dead slots released for it.
  void pushCall(const core::App &app, bool withFunction,
                std::vector<bool> unboxed = {}) {
    unsigned frameTop = depth;
    pushArguments(app.args, std::move(unboxed));
    if (withFunction)
      compileC(*app.fun);
    releaseDeadSlots(frameTop, app);
  }

  // ---- E: evaluate to weak head normal form -------------------------------

  void compileE(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<core::Int>(e).value);
      return;
    case core::Expr::Kind::PrimOp:
      compileB(e);
      emit(isComparison(llvm::cast<core::PrimOp>(e).op) ? Op::MkBool
                                                        : Op::MkInt);
      return;
    case core::Expr::Kind::Local:
      pushEvaluated(llvm::cast<core::Local>(e).var);
      return;
    case core::Expr::Kind::Global: {
      uint32_t index = llvm::cast<core::Global>(e).index;
      emit(Op::PushGlobal, pc.functionIndex(index));
      if (pc.global(index).arity == 0)
        emit(Op::Eval, 0); // a CAF; a function is a value already
      return;
    }
    case core::Expr::Kind::Ctor:
      compileC(e);
      return;
    case core::Expr::Kind::App: {
      auto &app = llvm::cast<core::App>(e);
      uint32_t callee;
      if (strict && knownCall(app, &callee)) {
        uint32_t target = pc.callTarget(callee);
        pushCall(app, false, pc.global(target).unboxed);
        emit(Op::Call, target);
      } else if (strict && overSaturated(app)) {
        compileOverSaturatedCall(app, Tail::Apply);
      } else if (strict && unknownHead(app)) {
        compileUnknownCall(app);
      } else if (!compileC(e)) {
        emit(Op::Eval, 0);
      }
      return;
    }
    case core::Expr::Kind::Case:
      compileCase(llvm::cast<core::Case>(e), Scheme::E);
      return;
    case core::Expr::Kind::Let:
      compileLetAround(llvm::cast<core::Let>(e), 1,
                       [&](const core::Expr &body) { compileE(body); });
      return;
    }
  }

  // ---- B: an Int or a Bool, unboxed, on the value stack -------------------

  void compileB(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Int:
      emit(Op::PushBasic, llvm::cast<core::Int>(e).value);
      return;
    case core::Expr::Kind::Ctor: // False or True
      emit(Op::PushBasic, llvm::cast<core::Ctor>(e).id);
      return;
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(e);
      compileB(*op.lhs); // left operand first
      compileB(*op.rhs);
      emit(Instruction::primOp(op.op));
      return;
    }
    case core::Expr::Kind::Local: {
      const core::Var *var = llvm::cast<core::Local>(e).var;
      const Binding &b = bindings.at(var);
      if (b.unboxed) {
        emit(Op::PushV, vdepth - 1 - b.slot);
        return;
      }
      pushEvaluated(var);
      emit(unboxOp(var->type));
      return;
    }
    case core::Expr::Kind::App: {
      uint32_t callee;
      if (strict && knownCall(e, &callee) && pc.global(callee).intResult) {
        uint32_t target = pc.callTarget(callee);
        pushCall(llvm::cast<core::App>(e), false, pc.global(target).unboxed);
        emit(Op::CallInt, target);
        return;
      }
      break;
    }
    case core::Expr::Kind::Case:
      compileCase(llvm::cast<core::Case>(e), Scheme::B);
      return;
    case core::Expr::Kind::Let:
      compileLetAround(llvm::cast<core::Let>(e), 0,
                       [&](const core::Expr &body) { compileB(body); });
      return;
    default:
      break;
    }
    compileE(e);
    emit(unboxOp(e.type));
  }

  /// What takes the value of an evaluated node of type t: an Int's number,
  /// or a Bool's constructor.
  static Op unboxOp(const TypeRef &t) {
    return core::isBoolType(t) ? Op::Tag : Op::Get;
  }

  // ---- C: build the graph -------------------------------------------------

  /// Pushes the graph of e; returns whether the node pushed is known to be
  /// evaluated.
  bool compileC(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<core::Int>(e).value);
      return true;
    case core::Expr::Kind::Local: {
      const core::Var *var = llvm::cast<core::Local>(e).var;
      pushVariable(var);
      return bindings.at(var).unboxed || evaluated.count(var);
    }
    case core::Expr::Kind::Global: {
      uint32_t index = llvm::cast<core::Global>(e).index;
      emit(Op::PushGlobal, pc.functionIndex(index));
      return pc.global(index).arity > 0;
    }
    case core::Expr::Kind::Ctor:
      return compileConstructor(llvm::cast<core::Ctor>(e).id, 0);
    case core::Expr::Kind::App:
      return compileApplication(llvm::cast<core::App>(e));
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(e);
      if (strict && speculatable(e)) {
        compileE(e);
        return true;
      }
      if (strict) {
        compileLifted(e);
        return false;
      }
      compileC(*op.rhs);
      compileC(*op.lhs);
      emit(Op::PushGlobal, pc.operatorIndex(op.op));
      emit(Op::MkApp);
      emit(Op::MkApp);
      return false;
    }
    case core::Expr::Kind::Case:
      compileLifted(e);
      return false;
    case core::Expr::Kind::Let: {
      bool whnf = false;
      compileLetAround(llvm::cast<core::Let>(e), 1,
                       [&](const core::Expr &body) { whnf = compileC(body); });
      return whnf;
    }
    }
    return false;
  }

  /// Whether computing e now, rather than when it is needed, cannot fail,
  /// loop or cost more than building its thunk: Int arithmetic on numbers
  /// already evaluated, dividing only by a constant other than 0.
  bool speculatable(const core::Expr &e) const {
    if (llvm::isa<core::Int>(e))
      return true;
    if (auto *local = llvm::dyn_cast<core::Local>(&e))
      return isEvaluatedInt(local->var);
    auto *op = llvm::dyn_cast<core::PrimOp>(&e);
    if (!op || !speculatable(*op->lhs) || !speculatable(*op->rhs))
      return false;
    if (op->op != BinaryOp::Div && op->op != BinaryOp::Mod)
      return true;
    auto *divisor = llvm::dyn_cast<core::Int>(op->rhs.get());
    return divisor && divisor->value != 0;
  }

  /// e as a supercombinator of the variables it uses, applied to them: a
  /// thunk in the strict scheme, a spine in the plain one.
  void compileLifted(const core::Expr &e) {
    std::vector<core::Var *> captured = core::freeVariables(e);
    uint32_t index = pc.lift(owner, e, captured);
    for (auto it = captured.rbegin(); it != captured.rend(); ++it)
      pushVariable(*it);
    if (strict) {
      emit(Op::MkThunk, index);
      return;
    }
    emit(Op::PushGlobal, index);
    for (size_t i = 0; i < captured.size(); ++i)
      emit(Op::MkApp);
  }

  /// A constructor given `given` arguments (already pushed): packed if
  /// saturated, else its supercombinator applied to them.
  bool compileConstructor(uint32_t id, size_t given) {
    uint32_t arity = pc.program.constructors[id].arity;
    if (arity == given) {
      emit(Instruction::pack(id, arity));
      return true;
    }
    emit(Op::PushGlobal, pc.constructorIndex(id));
    for (size_t i = 0; i < given; ++i)
      emit(Op::MkPap);
    return true;
  }

  /// f a1 ... an: a saturated constructor is packed at once, a call of a
  /// known function with its arguments is a thunk (strict scheme), anything
  /// else a spine of application nodes.
  bool compileApplication(const core::App &app) {
    pushArguments(app.args);
    if (auto *ctor = llvm::dyn_cast<core::Ctor>(app.fun.get()))
      return compileConstructor(ctor->id, app.args.size());
    if (auto *global = llvm::dyn_cast<core::Global>(app.fun.get())) {
      uint32_t arity = pc.global(global->index).arity;
      if (strict && arity > 0 && arity <= app.args.size() &&
          arity <= MaxThunkArguments) {
        emit(Op::MkThunk, global->index);
        for (size_t i = arity; i < app.args.size(); ++i)
          emit(Op::MkApp);
        return false;
      }
      // A partial application is a value, known as one at every step.
      bool partial = arity > app.args.size();
      emit(Op::PushGlobal, pc.functionIndex(global->index));
      for (size_t i = 0; i < app.args.size(); ++i)
        emit(partial ? Op::MkPap : Op::MkApp);
      return partial;
    }
    compileC(*app.fun);
    for (size_t i = 0; i < app.args.size(); ++i)
      emit(Op::MkApp);
    return false;
  }

  // ---- let ----------------------------------------------------------------

  /// Pushes the let's values, bound to their slots.
  /// Values that refer to each other (or themselves) go into holes (Alloc)
  /// filled afterwards (Update), so each can see the others; otherwise each
  /// is built directly.
  void compileLet(const core::Let &let) {
    unsigned first = depth;
    unsigned count = unsigned(let.bindings.size());
    if (!core::isRecursive(let)) {
      for (const core::Binding &b : let.bindings) {
        bool whnf = compileC(*b.value);
        bindSlot(b.var, depth - 1);
        if (whnf && strict)
          evaluated.insert(b.var);
      }
      return;
    }
    emit(Op::Alloc, count);
    for (unsigned i = 0; i < count; ++i)
      bindSlot(let.bindings[i].var, first + i);
    for (unsigned i = 0; i < count; ++i) {
      compileC(*let.bindings[i].value);
      emit(Op::Update, offsetOf(first + i) - 1);
    }
  }

  /// A let not in tail position: its values, then its body compiled by
  /// COMPILE, which leaves RESULTS nodes (the body's value in E and C, none
  /// in B); then nothing else of the let stays above where it began.
  template <typename Compile>
  void compileLetAround(const core::Let &let, unsigned results,
                        Compile compile) {
    unsigned first = depth;
    Anchor anchor(*this, first);
    compileLet(let);
    compile(*let.body);
    if (unsigned values = depth - results - first)
      emit(results ? Instruction::slide(values, results)
                   : Instruction(Op::Pop, values));
  }

  // ---- case ---------------------------------------------------------------

  /// What a branch leaves on the stacks above the case's own base.
  struct Frame {
    unsigned depth, vdepth;
  };

  /// Evaluates the scrutinee and jumps to the alternative that matches it;
  /// each alternative binds its variables and is compiled by `scheme`.
  void compileCase(const core::Case &c, Scheme scheme) {
    Frame base{depth, vdepth};
    std::optional<Anchor> anchor;
    if (scheme == Scheme::E || scheme == Scheme::B)
      anchor.emplace(*this, base.depth, c.alts.size() > 1);
    auto isDefault = [](const core::Alt &alt) {
      return alt.kind == core::Alt::Kind::Default;
    };
    bool onlyDefault = c.alts.size() == 1 && isDefault(c.alts[0]);
    auto *op = llvm::dyn_cast<core::PrimOp>(c.scrutinee.get());
    uint32_t callee;
    bool onValue =
        strict &&
        (core::isIntType(c.scrutinee->type) || (op && isComparison(op->op)) ||
         (knownCall(*c.scrutinee, &callee) && pc.global(callee).intResult));
    // A default that binds a Bool needs its node: on the constructor then.
    if (onValue && !core::isIntType(c.scrutinee->type))
      for (const core::Alt &alt : c.alts)
        onValue &= !(isDefault(alt) && alt.binder);
    if (onValue) {
      compileValueCase(c, scheme, base, onlyDefault);
      return;
    }
    bool onNumber = !c.alts.empty() && c.alts[0].kind == core::Alt::Kind::Int;
    compileE(*c.scrutinee);
    unsigned scrutineeSlot = depth - 1;
    if (auto *local = llvm::dyn_cast<core::Local>(c.scrutinee.get());
        local && strict)
      evaluated.insert(local->var);
    if (onNumber) { // the plain scheme: the number, then the node kept
      emit(Op::Push, 0);
      emit(Op::Get);
    }
    Instruction jump = Instruction::jump(
        onNumber ? Instruction::On::Int : Instruction::On::Constructor);
    compileAlternatives(c, scheme, base, jump, onlyDefault && !onNumber,
                        [&](const core::Alt &alt) {
                          if (alt.kind == core::Alt::Kind::Ctor) {
                            emit(Op::Split, alt.fields.size());
                            for (size_t i = 0; i < alt.fields.size(); ++i)
                              if (alt.fields[i])
                                bindSlot(alt.fields[i],
                                         depth - 1 - unsigned(i));
                            return;
                          }
                          if (alt.binder) {
                            bindSlot(alt.binder, scrutineeSlot);
                            if (strict)
                              evaluated.insert(alt.binder);
                          }
                        });
  }

  /// A case on an Int, a comparison or a call that returns a Bool unboxed:
  /// the scrutinee is computed unboxed, and a default binds it as a value.
  void compileValueCase(const core::Case &c, Scheme scheme, const Frame &base,
                        bool onlyDefault) {
    compileB(*c.scrutinee);
    bool binds = false;
    for (const core::Alt &alt : c.alts)
      binds |= alt.binder != nullptr;
    unsigned valueSlot = vdepth - 1;
    if (binds && !onlyDefault)
      emit(Op::PushV, 0); // the Jump pops a copy
    else if (!binds && onlyDefault)
      emit(Op::PopV, 1); // evaluated, not used
    bool onBool = !core::isIntType(c.scrutinee->type);
    Instruction jump = Instruction::jump(onBool ? Instruction::On::Bool
                                                : Instruction::On::Int);
    compileAlternatives(c, scheme, base, jump, onlyDefault,
                        [&](const core::Alt &alt) {
                          if (alt.binder)
                            bindings[alt.binder] = {true, valueSlot};
                        });
  }

  /// The branches of a case, each bound by `bind` and ending as `scheme`
  /// says, dropping what the case pushed; without a Jump if the only
  /// alternative is a default.
  template <typename Bind>
  void compileAlternatives(const core::Case &c, Scheme scheme,
                           const Frame &base, Instruction jump, bool noJump,
                           Bind bind) {
    if (noJump) {
      bind(c.alts[0]);
      compileBranchBody(*c.alts[0].body, scheme, base);
      return;
    }
    Frame start{depth, vdepth};
    std::optional<Frame> end;
    for (const core::Alt &alt : c.alts) {
      JumpBranch branch;
      if (alt.kind == core::Alt::Kind::Int)
        branch.key = alt.value;
      else if (alt.kind == core::Alt::Kind::Ctor)
        branch.key = alt.ctor;
      Code *outer = code;
      llvm::DenseSet<const core::Var *> outerEvaluated = evaluated;
      std::vector<const core::Var *> outerSlotVars = slotVars;
      code = &branch.code;
      depth = start.depth;
      vdepth = start.vdepth;
      if (jump.on != Instruction::On::Constructor)
        --vdepth; // the Jump popped the value
      bind(alt);
      compileBranchBody(*alt.body, scheme, base);
      if (scheme == Scheme::E || scheme == Scheme::B)
        end = Frame{depth, vdepth};
      code = outer;
      evaluated = std::move(outerEvaluated);
      slotVars = std::move(outerSlotVars);
      jump.branches.push_back(std::move(branch));
    }
    code->push_back(std::move(jump));
    if (end) {
      depth = end->depth;
      vdepth = end->vdepth;
      slotVars.resize(base.depth); // the result, if a node, is no variable
      slotVars.resize(depth, nullptr);
    }
  }

  /// A branch's body, and then what leaves only its result above base.
  void compileBranchBody(const core::Expr &body, Scheme scheme,
                         const Frame &base) {
    switch (scheme) {
    case Scheme::R:
    case Scheme::RInt:
      compileTail(scheme, body);
      return;
    case Scheme::E:
      compileE(body);
      if (unsigned extra = depth - 1 - base.depth)
        emit(Op::Slide, extra);
      if (unsigned extra = vdepth - base.vdepth)
        emit(Op::PopV, extra);
      return;
    case Scheme::B:
      compileB(body);
      if (unsigned extra = depth - base.depth)
        emit(Op::Pop, extra);
      if (unsigned extra = vdepth - 1 - base.vdepth)
        emit(Op::SlideV, extra);
      return;
    }
  }
};

void ProgramCompiler::compileBody(const PendingBody &work) {
  Code code;
  // A copy: compiling the body declares lifted supercombinators.
  Supercombinator sc = out.globals[work.index];
  BodyCompiler(*this, work.owner, code).compile(*work.params, *work.body, sc);
  out.globals[work.index].code = std::move(code);
}

} // namespace

GProgram compileProgram(const core::Program &program,
                        const SchemeOptions &options) {
  return ProgramCompiler(program, options).run();
}

} // namespace lazyc
