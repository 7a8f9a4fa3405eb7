//===- gcompile.cpp - Core to G-machine code ------------------------------===//

#include "gcompile.h"

#include "names.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <deque>

namespace lazyc {

namespace {

/// A supercombinator whose body is still to compile: a Core function, or a
/// case lifted out of a lazy position (its parameters are the variables it
/// uses).
struct PendingBody {
  uint32_t index;
  const std::vector<core::Var *> *params;
  const core::Expr *body;
  llvm::StringRef owner; // names what its body lifts
};

class ProgramCompiler {
public:
  explicit ProgramCompiler(const core::Program &program) : program(program) {}

  GProgram run() {
    for (const core::Constructor &c : program.constructors)
      out.constructors.push_back({c.name, c.arity});
    for (const core::Function &f : program.functions)
      declare(f.name, f.arity());
    for (uint32_t i = 0; i < program.functions.size(); ++i) {
      const core::Function &f = program.functions[i];
      llvm::StringRef name = f.name;
      pending.push_back({i, &f.params, f.body.get(), name.take_until([](char c) {
                           return c == '$';
                         })});
    }
    out.mainIndex = program.main;
    while (!pending.empty()) {
      PendingBody work = pending.front();
      pending.pop_front();
      compileBody(work);
    }
    return std::move(out);
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
      it->second = declare(c.name, c.arity);
      out.globals[it->second].code = {Instruction::pack(id, c.arity),
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

  /// A supercombinator for a case in a lazy position, named owner$case1,
  /// owner$if1 ...; it takes the variables the case uses.
  uint32_t liftCase(llvm::StringRef owner, const core::Case &c,
                    const std::vector<core::Var *> &params) {
    llvm::StringRef what = isIf(c) ? "if" : "case";
    std::string base = (owner + "$" + what).str();
    unsigned &count = liftCounts[base];
    std::string name;
    do
      name = base + std::to_string(++count);
    while (names.count(name));
    uint32_t index = declare(name, params.size());
    liftedParams.push_back(params);
    pending.push_back({index, &liftedParams.back(), &c, owner});
    return index;
  }

  const core::Program &program;

private:
  GProgram out;
  llvm::StringMap<uint32_t> constructorGlobals, operatorGlobals;
  llvm::StringMap<unsigned> liftCounts;
  llvm::StringSet<> names; // of every supercombinator
  std::deque<PendingBody> pending;
  std::deque<std::vector<core::Var *>> liftedParams; // stable addresses

  /// What `if` became in Core: a case on True, then False.
  static bool isIf(const core::Case &c) {
    return c.alts.size() == 2 && c.alts[0].kind == core::Alt::Kind::Ctor &&
           c.alts[0].ctor == TrueId && c.alts[1].kind == core::Alt::Kind::Ctor &&
           c.alts[1].ctor == FalseId;
  }

  uint32_t declare(llvm::StringRef name, size_t arity) {
    uint32_t index = uint32_t(out.globals.size());
    out.globals.push_back({name.str(), uint32_t(arity), {}});
    names.insert(name);
    return index;
  }

  void compileBody(const PendingBody &work);
};

/// Compiles the body of one supercombinator. Its frame holds the
/// parameters (the first on top on entry) and what the body pushes; a
/// variable lives in a slot of the frame, counted from the bottom.
class BodyCompiler {
public:
  BodyCompiler(ProgramCompiler &programCompiler, llvm::StringRef owner,
               Code &code)
      : pc(programCompiler), owner(owner), code(&code) {}

  void compile(const std::vector<core::Var *> &params, const core::Expr &body) {
    depth = unsigned(params.size());
    // The first parameter is on top: it has the highest slot.
    for (size_t i = 0; i < params.size(); ++i)
      slots[params[i]] = unsigned(params.size() - 1 - i);
    compileR(body);
  }

private:
  ProgramCompiler &pc;
  llvm::StringRef owner; // names lifted supercombinators
  Code *code;
  llvm::DenseMap<const core::Var *, unsigned> slots;
  unsigned depth = 0;        // nodes in the frame above the redex root
  unsigned baseOfBranch = 0; // E: frame depth below a branch's bindings

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

  void emitPush(const core::Var *var) {
    emit(Op::Push, depth - 1 - slots.at(var));
  }

  void emitPack(uint32_t ctor, uint32_t arity) {
    code->push_back(Instruction::pack(ctor, arity));
    depth = depth - arity + 1;
  }

  void emitBinOp(BinaryOp op) {
    code->push_back(Instruction::binOp(op));
    --depth;
  }

  /// R: the body of the supercombinator, in tail position.
  void compileR(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Case:
      compileCase(llvm::cast<core::Case>(e),
                  [this](const core::Expr &body) { compileR(body); });
      return;
    case core::Expr::Kind::Let:
      compileLet(llvm::cast<core::Let>(e), [this](const core::Expr &body) {
        compileR(body);
        return false; // the frame is popped by the body's Pop
      });
      return;
    case core::Expr::Kind::Int:
    case core::Expr::Kind::PrimOp:
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
  void compileBranchE(const core::Expr &body) {
    unsigned bound = depth - baseOfBranch;
    compileE(body);
    if (bound)
      emit(Op::Slide, bound);
  }

  /// E: evaluate to weak head normal form, leaving the result on top.
  void compileE(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<core::Int>(e).value);
      return;
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(e);
      compileE(*op.lhs); // left operand first
      compileE(*op.rhs);
      emitBinOp(op.op);
      return;
    }
    case core::Expr::Kind::Case:
      compileCase(llvm::cast<core::Case>(e),
                  [this](const core::Expr &body) { compileBranchE(body); });
      return;
    case core::Expr::Kind::Let:
      compileLet(llvm::cast<core::Let>(e), [this](const core::Expr &body) {
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
    unsigned depth, base;
  };
  BranchState enterBranch(JumpBranch &branch, unsigned scrutineeSlot) {
    BranchState saved{code, depth, baseOfBranch};
    code = &branch.code;
    baseOfBranch = scrutineeSlot;
    return saved;
  }
  void leaveBranch(const BranchState &saved) {
    code = saved.code;
    depth = saved.depth;
    baseOfBranch = saved.base;
  }

  /// Evaluates the scrutinee and jumps to the alternative of its
  /// constructor or number; each alternative binds its variables and is
  /// compiled by compileBody.
  template <typename BodyScheme>
  void compileCase(const core::Case &c, BodyScheme compileBody) {
    compileE(*c.scrutinee);
    unsigned scrutineeSlot = depth - 1;
    Instruction jump(Op::Jump);
    for (const core::Alt &alt : c.alts)
      jump.onNumber |= alt.kind == core::Alt::Kind::Int;
    for (const core::Alt &alt : c.alts) {
      JumpBranch branch;
      if (alt.kind == core::Alt::Kind::Int)
        branch.key = alt.value;
      else if (alt.kind == core::Alt::Kind::Ctor)
        branch.key = alt.ctor;
      BranchState saved = enterBranch(branch, scrutineeSlot);
      switch (alt.kind) {
      case core::Alt::Kind::Ctor: {
        uint32_t arity = uint32_t(alt.fields.size());
        emit(Op::Split, arity);
        depth = scrutineeSlot + arity;
        for (size_t i = 0; i < alt.fields.size(); ++i)
          if (alt.fields[i])
            slots[alt.fields[i]] = depth - 1 - unsigned(i);
        break;
      }
      case core::Alt::Kind::Int:
        emit(Op::Pop, 1);
        break;
      case core::Alt::Kind::Default:
        if (alt.binder)
          slots[alt.binder] = scrutineeSlot;
        break;
      }
      compileBody(*alt.body);
      leaveBranch(saved);
      jump.branches.push_back(std::move(branch));
    }
    code->push_back(std::move(jump));
  }

  /// let: local values become holes of the frame (Alloc) that their graphs
  /// then fill (Update), so each is built once and shared, and may refer to
  /// itself. compileBody returns whether the values must then be slid away
  /// from under the result.
  template <typename BodyScheme>
  void compileLet(const core::Let &let, BodyScheme compileBody) {
    unsigned firstHole = depth;
    emit(Op::Alloc, int64_t(let.bindings.size()));
    for (size_t i = 0; i < let.bindings.size(); ++i)
      slots[let.bindings[i].var] = firstHole + unsigned(i);
    for (size_t i = 0; i < let.bindings.size(); ++i) {
      compileC(*let.bindings[i].value);
      emit(Op::Update, depth - 2 - (firstHole + unsigned(i)));
    }
    bool slide = compileBody(*let.body);
    if (slide)
      emit(Op::Slide, int64_t(let.bindings.size()));
  }

  /// C: build the graph of e without evaluating anything.
  void compileC(const core::Expr &e) {
    switch (e.kind()) {
    case core::Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<core::Int>(e).value);
      return;
    case core::Expr::Kind::Local:
      emitPush(llvm::cast<core::Local>(e).var);
      return;
    case core::Expr::Kind::Global:
      emit(Op::PushGlobal, pc.functionIndex(llvm::cast<core::Global>(e).index));
      return;
    case core::Expr::Kind::Ctor:
      compileConstructor(llvm::cast<core::Ctor>(e).id, 0);
      return;
    case core::Expr::Kind::App:
      compileApplication(llvm::cast<core::App>(e));
      return;
    case core::Expr::Kind::PrimOp: {
      auto &op = llvm::cast<core::PrimOp>(e);
      compileC(*op.rhs);
      compileC(*op.lhs);
      emit(Op::PushGlobal, pc.operatorIndex(op.op));
      emit(Op::MkApp);
      emit(Op::MkApp);
      return;
    }
    case core::Expr::Kind::Case: {
      // A supercombinator of what it uses, applied to it.
      auto &c = llvm::cast<core::Case>(e);
      std::vector<core::Var *> captured = core::freeVariables(c);
      std::sort(captured.begin(), captured.end(),
                [&](const core::Var *a, const core::Var *b) {
                  return slots.at(a) < slots.at(b);
                });
      // The deepest is the first parameter: pushed last.
      for (auto it = captured.rbegin(); it != captured.rend(); ++it)
        emitPush(*it);
      emit(Op::PushGlobal, pc.liftCase(owner, c, captured));
      for (size_t i = 0; i < captured.size(); ++i)
        emit(Op::MkApp);
      return;
    }
    case core::Expr::Kind::Let:
      compileLet(llvm::cast<core::Let>(e), [this](const core::Expr &body) {
        compileC(body);
        return true;
      });
      return;
    }
  }

  /// A constructor given `given` arguments (already pushed): packed if
  /// saturated, else its supercombinator.
  void compileConstructor(uint32_t id, size_t given) {
    uint32_t arity = pc.program.constructors[id].arity;
    if (arity == given) {
      emitPack(id, arity);
      return;
    }
    emit(Op::PushGlobal, pc.constructorIndex(id));
    for (size_t i = 0; i < given; ++i)
      emit(Op::MkApp);
  }

  /// f a1 ... an: a saturated constructor is packed at once; anything else
  /// becomes a spine of application nodes.
  void compileApplication(const core::App &app) {
    for (auto it = app.args.rbegin(); it != app.args.rend(); ++it)
      compileC(**it);
    if (auto *ctor = llvm::dyn_cast<core::Ctor>(app.fun.get())) {
      compileConstructor(ctor->id, app.args.size());
      return;
    }
    compileC(*app.fun);
    for (size_t i = 0; i < app.args.size(); ++i)
      emit(Op::MkApp);
  }
};

void ProgramCompiler::compileBody(const PendingBody &work) {
  Code code;
  BodyCompiler(*this, work.owner, code).compile(*work.params, *work.body);
  out.globals[work.index].code = std::move(code);
}

} // namespace

GProgram compileProgram(const core::Program &program) {
  return ProgramCompiler(program).run();
}

} // namespace lazyc
