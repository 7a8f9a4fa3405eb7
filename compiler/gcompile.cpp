//===- gcompile.cpp - Syntax tree to G-machine code -----------------------===//

#include "gcompile.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <deque>

namespace lazyc {

namespace {

/// A local variable and the stack slot holding it, counted from the bottom
/// of the current supercombinator's frame (slot 0 is deepest).
struct Local {
  llvm::StringRef name;
  unsigned slot;
};

/// Work for the program compiler: a supercombinator whose body is an
/// expression with the given locals as its parameters (first on top).
struct PendingBody {
  uint32_t index;
  const Expr *body;
  std::vector<llvm::StringRef> params;
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
      std::vector<llvm::StringRef> params;
      for (const Name &p : f.params)
        params.push_back(p.text);
      uint32_t index = declare(f.name.text, f.params.size());
      functionIndices[f.name.text] = index;
      pending.push_back({index, f.body.get(), std::move(params)});
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
      Code &code = out.globals[it->second].code;
      code.push_back(Instruction::pack(c.id, c.arity()));
      code.push_back({Op::Update, 0});
      code.push_back({Op::Unwind});
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

  /// A new supercombinator for body over params, compiled later.
  uint32_t lift(llvm::StringRef owner, const Expr &body,
                std::vector<llvm::StringRef> params) {
    unsigned &count = liftCounts[owner];
    std::string name = (owner + "$case" + llvm::Twine(++count)).str();
    uint32_t index = declare(name, params.size());
    pending.push_back({index, &body, std::move(params)});
    return index;
  }

  const SymbolTable &symbols;

private:
  const Program &program;
  GProgram out;
  llvm::StringMap<uint32_t> functionIndices, constructorGlobals,
      operatorGlobals;
  llvm::StringMap<unsigned> liftCounts;
  std::deque<PendingBody> pending;

  uint32_t declare(llvm::StringRef name, size_t arity) {
    uint32_t index = uint32_t(out.globals.size());
    out.globals.push_back({name.str(), uint32_t(arity), {}});
    return index;
  }

  void compileBody(const PendingBody &work);
};

/// Compiles the body of one supercombinator.
class BodyCompiler {
public:
  BodyCompiler(ProgramCompiler &programCompiler, llvm::StringRef owner,
               Code &code)
      : pc(programCompiler), owner(owner), code(&code) {}

  void compile(const Expr &body, const std::vector<llvm::StringRef> &params) {
    // The first parameter is on top: it has the highest slot.
    for (size_t i = 0; i < params.size(); ++i)
      locals.push_back({params[i], unsigned(params.size() - 1 - i)});
    depth = unsigned(params.size());
    compileR(body);
  }

private:
  ProgramCompiler &pc;
  llvm::StringRef owner; // names lifted supercombinators
  Code *code;
  std::vector<Local> locals; // innermost last
  unsigned depth = 0;        // nodes in the frame above the redex root

  void emit(Op op, int64_t n = 0) {
    code->push_back({op, n});
    switch (op) {
    case Op::Push:
    case Op::PushInt:
    case Op::PushGlobal:
      ++depth;
      break;
    case Op::MkApp:
      --depth;
      break;
    case Op::Slide:
    case Op::Pop:
      depth -= unsigned(n);
      break;
    case Op::Update:
      --depth;
      break;
    default:
      break;
    }
  }

  void emitPack(uint32_t ctor, uint32_t arity) {
    code->push_back(Instruction::pack(ctor, arity));
    depth = depth - arity + 1;
  }

  void emitBinOp(BinaryOp op) {
    code->push_back(Instruction::binOp(op));
    --depth;
  }

  const Local *findLocal(llvm::StringRef name) const {
    for (auto it = locals.rbegin(); it != locals.rend(); ++it)
      if (it->name == name)
        return &*it;
    return nullptr;
  }

  /// R: the body of the supercombinator, in tail position.
  void compileR(const Expr &e) {
    if (auto *c = llvm::dyn_cast<CaseExpr>(&e)) {
      compileCase(*c, [this](const Expr &body) { compileR(body); });
      return;
    }
    if (llvm::isa<IntExpr, BinaryExpr>(e))
      compileE(e);
    else
      compileC(e);
    unsigned frame = depth - 1;
    emit(Op::Update, frame);
    if (frame)
      emit(Op::Pop, frame);
    emit(Op::Unwind);
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
      compileCase(llvm::cast<CaseExpr>(e), [this](const Expr &body) {
        unsigned before = depth;
        compileE(body);
        if (unsigned bound = before - baseOfBranch; bound)
          emit(Op::Slide, bound);
      });
      return;
    default:
      compileC(e);
      emit(Op::Eval);
      return;
    }
  }

  unsigned baseOfBranch = 0; // E: frame depth below a branch's bindings

  /// Evaluates the scrutinee and jumps to the branch of its constructor; each
  /// branch binds its variables and is compiled by compileBody.
  template <typename BodyScheme>
  void compileCase(const CaseExpr &c, BodyScheme compileBody) {
    compileE(*c.scrutinee);
    unsigned scrutineeSlot = depth - 1;
    Instruction jump(Op::Jump);
    Code *outer = code;
    std::vector<bool> covered(pc.symbols.constructors.size());
    for (const Branch &b : c.branches) {
      const Pattern &p = b.pattern;
      const ConstructorInfo *ctor =
          p.kind == Pattern::Kind::Ctor ? pc.symbols.constructor(p.name.text)
                                        : nullptr;
      if (ctor && covered[ctor->id])
        continue; // an earlier branch already matches it
      JumpBranch branch;
      if (ctor) {
        covered[ctor->id] = true;
        branch.ctor = ctor->id;
      }
      code = &branch.code;
      size_t scope = locals.size();
      unsigned savedDepth = depth, savedBase = baseOfBranch;
      baseOfBranch = scrutineeSlot;
      if (ctor) {
        emit(Op::Split, ctor->arity());
        depth = scrutineeSlot + ctor->arity();
        for (size_t i = 0; i < p.vars.size(); ++i)
          locals.push_back({p.vars[i].text, unsigned(depth - 1 - i)});
      } else {
        locals.push_back({p.name.text, scrutineeSlot});
      }
      compileBody(*b.body);
      locals.resize(scope);
      depth = savedDepth;
      baseOfBranch = savedBase;
      jump.branches.push_back(std::move(branch));
      if (!ctor)
        break; // a variable matches everything: later branches are dead
    }
    code = outer;
    code->push_back(std::move(jump));
  }

  /// C: build the graph of e without evaluating anything.
  void compileC(const Expr &e) {
    switch (e.kind()) {
    case Expr::Kind::Int:
      emit(Op::PushInt, llvm::cast<IntExpr>(e).value);
      return;
    case Expr::Kind::Var: {
      auto &var = llvm::cast<VarExpr>(e);
      if (const Local *local = findLocal(var.name))
        emit(Op::Push, depth - 1 - local->slot);
      else
        emit(Op::PushGlobal, pc.functionIndex(var.name));
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
      compileLiftedCase(llvm::cast<CaseExpr>(e));
      return;
    }
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

  /// A case in a lazy position becomes a supercombinator of its free
  /// variables, applied to them.
  void compileLiftedCase(const CaseExpr &c) {
    std::vector<llvm::StringRef> free = freeLocals(c);
    uint32_t index = pc.lift(owner, c, free);
    for (auto it = free.rbegin(); it != free.rend(); ++it)
      emit(Op::Push, depth - 1 - findLocal(*it)->slot);
    emit(Op::PushGlobal, index);
    for (size_t i = 0; i < free.size(); ++i)
      emit(Op::MkApp);
  }

  /// The locals that e uses, in order of their slots.
  std::vector<llvm::StringRef> freeLocals(const Expr &e) const {
    std::vector<const Local *> used;
    std::vector<llvm::StringRef> bound;
    collectFree(e, bound, used);
    std::sort(used.begin(), used.end(), [](const Local *a, const Local *b) {
      return a->slot < b->slot;
    });
    used.erase(std::unique(used.begin(), used.end()), used.end());
    std::vector<llvm::StringRef> names;
    for (const Local *l : used)
      names.push_back(l->name);
    return names;
  }

  void collectFree(const Expr &e, std::vector<llvm::StringRef> &bound,
                   std::vector<const Local *> &used) const {
    if (auto *var = llvm::dyn_cast<VarExpr>(&e)) {
      if (std::find(bound.begin(), bound.end(), var->name) == bound.end())
        if (const Local *local = findLocal(var->name))
          used.push_back(local);
      return;
    }
    if (auto *c = llvm::dyn_cast<CaseExpr>(&e)) {
      collectFree(*c->scrutinee, bound, used);
      for (const Branch &b : c->branches) {
        size_t scope = bound.size();
        if (b.pattern.kind == Pattern::Kind::Var)
          bound.push_back(b.pattern.name.text);
        for (const Name &v : b.pattern.vars)
          bound.push_back(v.text);
        collectFree(*b.body, bound, used);
        bound.resize(scope);
      }
      return;
    }
    forEachChild(e, [&](const Expr &child) { collectFree(child, bound, used); });
  }
};

void ProgramCompiler::compileBody(const PendingBody &work) {
  // Lifted names are built from the owner's name, which must outlive the
  // compiler of the body: copy it out of the growing globals vector.
  std::string owner = out.globals[work.index].name;
  std::string root = owner.substr(0, owner.find('$'));
  Code code;
  BodyCompiler(*this, root, code).compile(*work.body, work.params);
  out.globals[work.index].code = std::move(code);
}

} // namespace

GProgram compileProgram(const Program &program, const SymbolTable &symbols) {
  return ProgramCompiler(program, symbols).run();
}

} // namespace lazyc
