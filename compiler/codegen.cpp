//===- codegen.cpp - G-machine code to LLVM IR ----------------------------===//

#include "codegen.h"

#include "core.h"
#include "fastpaths.h"
#include "lazyc_rt.h"
#include "names.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>

// What the front end decided alone, the runtime must agree with.
static_assert(lazyc::FalseId == LAZYC_CTOR_FALSE &&
                  lazyc::TrueId == LAZYC_CTOR_TRUE,
              "the compiler and the runtime number False and True alike");
static_assert(lazyc::MaxFields == LAZYC_MAX_FIELDS,
              "a constructor's fields fit the runtime's node header");
static_assert(lazyc::core::MaxUnboxedParams == LAZYC_VALUE_ARGS,
              "a worker's unboxed arguments fit the values every code takes");
// The program tables are built below as LLVM structs of these layouts.
static_assert(offsetof(lazyc_global_info, arity) == 8 &&
                  offsetof(lazyc_global_info, entry) == 16 &&
                  offsetof(lazyc_global_info, code) == 24 &&
                  offsetof(lazyc_global_info, thunk) == 32 &&
                  sizeof(lazyc_global_info) == 40,
              "struct lazyc_global_info is {ptr, i32, ptr, ptr, ptr}");
static_assert(offsetof(lazyc_ctor_info, arity) == 8 &&
                  sizeof(lazyc_ctor_info) == 16,
              "struct lazyc_ctor_info is {ptr, i32}");
static_assert(offsetof(struct lazyc_program, globals) == 8 &&
                  offsetof(struct lazyc_program, ctor_count) == 16 &&
                  offsetof(struct lazyc_program, ctors) == 24 &&
                  offsetof(struct lazyc_program, main_index) == 32 &&
                  offsetof(struct lazyc_program, main_is_referenced) == 36 &&
                  offsetof(struct lazyc_program, site_count) == 40 &&
                  offsetof(struct lazyc_program, site_classes) == 48 &&
                  sizeof(struct lazyc_program) == 56,
              "struct lazyc_program is {i32, ptr, i32, ptr, i32, i32, i32, "
              "ptr}");

namespace lazyc {

namespace {

/// See ModuleBuilder::leaveHugeFunctionsUnoptimised.
constexpr size_t MaxOptimisedBlocks = 1000;
constexpr size_t MaxOptimisedInstructions = 10000;

/// A supercombinator of more G-machine instructions than this is compiled
/// compactly: see BodyEmitter::compact.
constexpr size_t MaxSplitInstructions = 1000;

/// The number of instructions of CODE, those of its branches included.
size_t instructionCount(const Code &code) {
  size_t count = code.size();
  for (const Instruction &i : code)
    for (const JumpBranch &branch : i.branches)
      count += instructionCount(branch.code);
  return count;
}

bool compiledCompactly(const Supercombinator &sc) {
  return instructionCount(sc.code) > MaxSplitInstructions;
}

/// The LLVM functions of one supercombinator: its code, the Int-returning
/// variant of the code when its result is an Int, its entry (but a
/// worker's) and, if the program makes thunks of it, its thunk entry.
struct GlobalFunctions {
  llvm::Function *code = nullptr;    // ptr (ptr m, ptr sp, i64 v0..v3)
  llvm::Function *intCode = nullptr; // i64 (ptr m, ptr sp, i64 v0..v3)
  llvm::Function *entry = nullptr;   // lazyc_entry
  llvm::Function *thunk = nullptr;   // lazyc_thunk_code
};

/// What the code generator knows of one slot of the frame. Between calls,
/// the node a slot holds may be known only as an SSA value: the slot is
/// then dirty, and stored before the next call (flush), since what is
/// called (the collector, a callee reading its arguments, the unwind loop)
/// reads the frame in memory. After a call the frame is the truth and the
/// nodes are loaded again when used: so that no node pointer need be kept
/// in a register across a call, and the C frames of deep recursions stay
/// small. Invariant: a dirty slot's node is known.
struct Slot {
  llvm::Value *node = nullptr;   // none: load it from the frame
  llvm::Value *number = nullptr; // the Int of an evaluated number, if read
  bool evaluated = false;        // the node is in weak head normal form
  bool dirty = false;            // the frame holds an older node
};

/// The frame and the value stack at a point of a body.
struct StackState {
  std::vector<Slot> slots;
  std::vector<llvm::Value *> values;
  size_t dirtySlots = 0;
};

/// At most this many slots are dirty: past it, the frame is stored. Each
/// dirty slot is a node kept in a register, and a function that needs
/// more registers than the caller-saved ones saves others in its C frame:
/// bounded, the thunk entry of bst's insert (a chain of them is evaluated
/// 10^5 deep) keeps a 32-byte frame rather than 48.
constexpr size_t MaxDirtySlots = 8;

class ModuleBuilder;

/// The node an entry updates with the value of its supercombinator's code:
/// where it is kept (below the frame, in a slot the code does not write)
/// and its size.
struct Redex {
  llvm::Value *slot;
  uint32_t words;
};

/// Emits the code of one supercombinator into one LLVM function, from the
/// builder's insertion point: as its code, whose frame ends at TOP, or
/// with REDEX as an entry's, which updates the redex with the value.
class BodyEmitter {
public:
  BodyEmitter(ModuleBuilder &mb, const Supercombinator &sc, llvm::Function *f,
              llvm::Value *top, std::optional<Redex> redex = std::nullopt);
  void emit(const Code &code);

private:
  ModuleBuilder &mb;
  const Supercombinator &sc;
  llvm::IRBuilder<> &b;
  llvm::Value *m;    // the machine: lazyc_main_machine
  llvm::Value *base; // slot 0 of the frame: the deepest argument
  std::optional<Redex> redex;
  /// A huge body (the size of a generated program's, not a person's) is
  /// compiled compactly, its size then linear in the G-code's: every
  /// evaluation and allocation stores the frame and forgets the nodes, as
  /// a call does, without a fast path that keeps them (whose joins would
  /// reload every slot kept in a register), and its entries call its code
  /// rather than holding a copy of it.
  bool compact;
  StackState st;
  /// A tail call of sc itself jumps back to this block, whose phis are the
  /// arguments (none if sc makes no such call).
  llvm::BasicBlock *loop = nullptr;
  std::vector<llvm::PHINode *> loopNodes, loopValues;

  bool tailCallsItself(const Code &code) const;
  void startLoop();

  llvm::Value *call(FastPath which, llvm::ArrayRef<llvm::Value *> args);
  llvm::Value *spAt(size_t depth);
  llvm::Value *sp() { return spAt(st.slots.size()); }
  size_t slotAt(size_t offset) const { return st.slots.size() - 1 - offset; }
  llvm::Value *nodeIn(size_t slot);
  llvm::Value *top(size_t offset = 0) { return nodeIn(slotAt(offset)); }
  void setSlot(size_t slot, Slot contents);
  void push(llvm::Value *node, bool evaluated = false,
            llvm::Value *number = nullptr) {
    st.slots.emplace_back();
    setSlot(st.slots.size() - 1, {node, number, evaluated});
  }
  void pushSlot(Slot contents) {
    st.slots.emplace_back();
    setSlot(st.slots.size() - 1, contents);
  }
  Slot pop() {
    size_t slot = st.slots.size() - 1;
    Slot contents = st.slots[slot];
    contents.node = nodeIn(slot);
    popNodes(1);
    return contents;
  }
  /// The top n slots, popped, the deepest first.
  std::vector<Slot> popSlots(size_t n) {
    std::vector<Slot> slots(n);
    for (size_t k = n; k-- > 0;)
      slots[k] = pop();
    return slots;
  }
  void popNodes(size_t n) {
    for (size_t k = st.slots.size() - n; k < st.slots.size(); ++k)
      st.dirtySlots -= st.slots[k].dirty;
    st.slots.resize(st.slots.size() - n);
  }
  llvm::Value *popValue() {
    llvm::Value *v = st.values.back();
    st.values.pop_back();
    return v;
  }
  /// The unboxed arguments of a call of GLOBAL, popped: the first is the
  /// top value.
  std::vector<llvm::Value *> popValues(uint32_t global);
  /// Before a call: the frame in memory made the truth.
  void flush();
  /// After a call: the nodes are loaded again when used.
  void forgetNodes() {
    for (Slot &slot : st.slots) {
      if (slot.dirty)
        llvm::report_fatal_error("a slot of " + llvm::Twine(sc.name) +
                                 " is not stored before a call");
      slot.node = slot.number = nullptr;
    }
  }
  /// A call of WHICH (that may collect, or read the frame) with the frame
  /// flushed before it and forgotten after it.
  llvm::Value *callOut(FastPath which, llvm::ArrayRef<llvm::Value *> args);
  /// A fast path that does not call out, taken when CONDITION (an i1, as
  /// the fast paths' bool) holds, and
  /// a slow path that does (through callOut), joined: the frame is stored
  /// on the slow path only.
  void splitPaths(llvm::Value *condition, const std::function<void()> &fast,
                  const std::function<void()> &slow);
  /// A node of WORDS words, made by the allocation fast path WHICH from
  /// ARGS. Room for it is made first: when the current run is used up,
  /// the frame is stored and the run refilled (a collection may come), so
  /// that WHICH takes its fast path. Compactly, the frame is stored before
  /// WHICH, and the nodes forgotten after it.
  llvm::Value *
  allocate(uint32_t words, FastPath which,
           const std::function<std::vector<llvm::Value *>()> &args);
  /// A cell of WORDS words for allocation site SITE, from the class the
  /// program's table gives the site now (tenure.h): the fast path when
  /// that is the size's own class and its run has room, else the runtime's
  /// slow path, which takes the frame as a call does.
  llvm::Value *allocateAt(uint32_t words, uint32_t site);
  void evaluateSlot(size_t slot);
  void emitNewFields(node_kind kind, uint32_t tag, uint32_t arity,
                     uint32_t site);
  void pushNumber(llvm::Value *value);
  void emitInstruction(const Instruction &i);
  llvm::Value *callReturningHere(uint32_t global, bool intCode);
  void emitPrimOp(BinaryOp op);
  void emitTailCall(uint32_t global);
  /// In an entry, the block every return of a value goes to, where the
  /// redex is updated with it: one update in the function, not one (with
  /// its barrier's call) at every return.
  llvm::BasicBlock *exit = nullptr;
  llvm::PHINode *exitValue = nullptr;
  /// Returns the value of the code: in an entry, through the exit block.
  void emitReturn(llvm::Value *value);
  void emitExit();
  /// In an entry, `Pack n; Return` of a constructor of the redex's size:
  /// the redex becomes the constructor, no node is allocated.
  bool packsIntoRedex(const Instruction &pack, const Instruction &next) const;
  void emitPackIntoRedex(const Instruction &pack);
  void emitJump(const Instruction &jump);
  void
  merge(const std::vector<std::pair<llvm::BasicBlock *, StackState>> &ends);
};

class ModuleBuilder {
public:
  ModuleBuilder(const GProgram &program, llvm::LLVMContext &context,
                llvm::StringRef name)
      : program(program), context(context),
        module(loadFastPaths(context, name)), builder(context),
        ptrTy(llvm::PointerType::getUnqual(context)), i32(builder.getInt32Ty()),
        i64(builder.getInt64Ty()),
        machine(module->getOrInsertGlobal("lazyc_main_machine",
                                          builder.getInt8Ty())) {}

  std::unique_ptr<llvm::Module> run() {
    declareFunctions();
    for (size_t i = 0; i < program.globals.size(); ++i)
      defineFunctions(program.globals[i], globals[i]);
    defineProgramTable();
    leaveHugeFunctionsUnoptimised();
    if (llvm::verifyModule(*module, &llvm::errs()))
      llvm::report_fatal_error("lazyc generated an invalid LLVM module");
    return std::move(module);
  }

  /// LLVM's optimisations take time superlinear in the size of one
  /// function: cubic in the branches of a case on an Int (10,000 took 49
  /// s), and in a 20,000-deep constructor literal, whose every allocation
  /// the inliner makes a fast and a slow path, minutes. So a function of
  /// more than MaxOptimisedBlocks blocks or MaxOptimisedInstructions
  /// instructions (before inlining) is compiled as generated (optnone), in
  /// time linear in its size, and not inlined anywhere, not even into its
  /// own entry or boxing variant. No program of the suites comes near:
  /// their largest function has 17 blocks and 2,047 instructions.
  void leaveHugeFunctionsUnoptimised() {
    for (llvm::Function &f : *module) {
      if (f.isDeclaration() ||
          (f.size() <= MaxOptimisedBlocks &&
           f.getInstructionCount() <= MaxOptimisedInstructions))
        continue;
      f.addFnAttr(llvm::Attribute::OptimizeNone);
      f.addFnAttr(llvm::Attribute::NoInline);
      for (llvm::User *user : f.users())
        if (auto *call = llvm::dyn_cast<llvm::CallBase>(user))
          call->removeFnAttr(llvm::Attribute::AlwaysInline);
    }
  }

  /// The allocation site of a Pack, numbered in the order first asked:
  /// the copies of one supercombinator's code (its code, entry and thunk
  /// entry) share their sites.
  uint32_t siteOf(const Instruction &pack) {
    auto [it, added] = siteIds.try_emplace(&pack, uint32_t(siteIds.size()));
    if (added)
      siteWords.push_back(uint16_t(lazyc_fields_words(uint32_t(pack.n))));
    return it->second;
  }

  const GProgram &program;
  llvm::LLVMContext &context;
  std::unique_ptr<llvm::Module> module;
  llvm::IRBuilder<> builder;
  llvm::PointerType *ptrTy;
  llvm::IntegerType *i32, *i64;
  /// The program's machine, a constant address: compiled code's functions
  /// are given it as their first argument but do not use that.
  llvm::Constant *machine;
  std::vector<GlobalFunctions> globals;
  std::map<const Instruction *, uint32_t> siteIds;
  std::vector<uint16_t> siteWords; // by site: the size of its nodes

  llvm::Function *fastPath(FastPath which) const {
    return lazyc::fastPath(*module, which);
  }

  /// The arguments of a call of code (lazyc_code): the machine, the stack
  /// pointer and the values, the unused ones poison.
  std::vector<llvm::Value *>
  codeArguments(llvm::Value *sp, llvm::ArrayRef<llvm::Value *> values) {
    std::vector<llvm::Value *> args = {machine, sp};
    for (unsigned k = 0; k < LAZYC_VALUE_ARGS; ++k)
      args.push_back(k < values.size() ? values[k]
                                       : llvm::PoisonValue::get(i64));
    return args;
  }

  /// The redex updated with the value of sc's code: a number, or a node
  /// (through the write barrier).
  llvm::Value *update(const Supercombinator &sc, llvm::Value *redex,
                      llvm::Value *value) {
    if (sc.intResult && !sc.boolResult)
      return builder.CreateCall(fastPath(FastPath::update_num), {redex, value});
    if (sc.boolResult) // False and True are constants: nothing to allocate
      value = box(sc, nullptr, value);
    return builder.CreateCall(fastPath(FastPath::update),
                              {machine, redex, value});
  }

private:
  /// What an LLVM function of a supercombinator is: its code (lazyc_code),
  /// its entry (lazyc_entry) or its thunk entry (lazyc_thunk_code).
  enum class Kind { Code, Entry, Thunk };

  llvm::Function *newFunction(llvm::Type *result, const llvm::Twine &name,
                              Kind kind) {
    std::vector<llvm::Type *> params = {ptrTy, ptrTy};
    if (kind == Kind::Code)
      params.insert(params.end(), LAZYC_VALUE_ARGS, i64);
    if (kind == Kind::Thunk)
      params.push_back(ptrTy);
    auto *f =
        llvm::Function::Create(llvm::FunctionType::get(result, params, false),
                               llvm::Function::InternalLinkage, name, *module);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->getArg(0)->setName("m");
    f->getArg(1)->setName("sp");
    if (kind == Kind::Code)
      for (unsigned k = 0; k < LAZYC_VALUE_ARGS; ++k)
        f->getArg(2 + k)->setName("v" + llvm::Twine(k));
    if (kind == Kind::Thunk)
      f->getArg(2)->setName("thunk");
    return f;
  }

  /// The globals some code makes thunks of.
  std::vector<bool> thunked() const {
    std::vector<bool> made(program.globals.size());
    std::function<void(const Code &)> scan = [&](const Code &code) {
      for (const Instruction &i : code) {
        if (i.op == Op::MkThunk)
          made[size_t(i.n)] = true;
        for (const JumpBranch &b : i.branches)
          scan(b.code);
      }
    };
    for (const Supercombinator &sc : program.globals)
      scan(sc.code);
    return made;
  }

  void declareFunctions() {
    std::vector<bool> made = thunked();
    for (size_t i = 0; i < program.globals.size(); ++i) {
      const Supercombinator &sc = program.globals[i];
      GlobalFunctions g;
      g.code = newFunction(ptrTy, sc.name, Kind::Code);
      if (sc.intResult)
        g.intCode = newFunction(i64, sc.name + ".int", Kind::Code);
      if (!sc.isWorker())
        g.entry = newFunction(ptrTy, sc.name + ".entry", Kind::Entry);
      if (made[i])
        g.thunk = newFunction(ptrTy, sc.name + ".thunk", Kind::Thunk);
      globals.push_back(g);
    }
  }

  llvm::BasicBlock *startBody(llvm::Function *f) {
    auto *entry = llvm::BasicBlock::Create(context, "entry", f);
    builder.SetInsertPoint(entry);
    return entry;
  }

  /// The code (in the Int variant for an Int result, the node variant then
  /// boxing it) and the entry, which updates the redex root below the
  /// arguments with what the code returns.
  void defineFunctions(const Supercombinator &sc, const GlobalFunctions &g) {
    llvm::Function *code = sc.intResult ? g.intCode : g.code;
    startBody(code);
    BodyEmitter(*this, sc, code, code->getArg(1)).emit(sc.code);
    if (sc.intResult) {
      startBody(g.code);
      llvm::Value *sp = g.code->getArg(1);
      std::vector<llvm::Value *> args = {machine, sp};
      for (unsigned k = 0; k < LAZYC_VALUE_ARGS; ++k)
        args.push_back(g.code->getArg(2 + k));
      // Inlined: a function reached through an unknown call (or a thunk of
      // it, or the unwind loop) then costs one C frame, not two.
      llvm::CallInst *value = builder.CreateCall(g.intCode, args);
      value->addFnAttr(llvm::Attribute::AlwaysInline);
      builder.CreateRet(box(sc, sp, value));
    }
    if (!g.entry)
      return;
    startBody(g.entry);
    llvm::Value *sp = g.entry->getArg(1);
    llvm::Value *rootSlot = builder.CreateConstGEP1_64(
        ptrTy, sp, -int64_t(sc.arity) - 1, "root.slot");
    // The root is the application of the function to its last argument, or
    // a CAF's own node.
    uint32_t rootWords = sc.arity ? LAZYC_WORDS(struct node_app)
                                  : LAZYC_WORDS(struct node_global);
    emitEntryBody(sc, g, sp, Redex{rootSlot, rootWords});
    if (g.thunk)
      defineThunkEntry(sc, g);
  }

  /// The code of sc, in an entry whose frame ends at TOP, updating REDEX:
  /// a copy of it, or for a huge one a call.
  void emitEntryBody(const Supercombinator &sc, const GlobalFunctions &g,
                     llvm::Value *top, Redex redex) {
    llvm::Function *f = builder.GetInsertBlock()->getParent();
    if (!compiledCompactly(sc)) {
      BodyEmitter(*this, sc, f, top, redex).emit(sc.code);
      return;
    }
    llvm::Value *value = builder.CreateCall(sc.intResult ? g.intCode : g.code,
                                            codeArguments(top, {}));
    llvm::Value *root = builder.CreateLoad(ptrTy, redex.slot, "root");
    builder.CreateRet(update(sc, root, value));
  }

  /// The thunk goes on the stack, its fields above it as the arguments (the
  /// first on top); black-holed, it is then the redex the code's value
  /// updates. The code is emitted into it, as into the entry: evaluating a
  /// chain of thunks then costs one C frame a level.
  void defineThunkEntry(const Supercombinator &sc, const GlobalFunctions &g) {
    startBody(g.thunk);
    llvm::Value *sp = g.thunk->getArg(1), *thunk = g.thunk->getArg(2);
    builder.CreateStore(thunk, sp);
    llvm::Value *fields =
        builder.CreateCall(fastPath(FastPath::fields), {thunk});
    for (uint32_t i = 0; i < sc.arity; ++i)
      builder.CreateStore(builder.CreateLoad(ptrTy, builder.CreateConstGEP1_64(
                                                        ptrTy, fields, i)),
                          builder.CreateConstGEP1_64(ptrTy, sp, sc.arity - i));
    builder.CreateCall(fastPath(FastPath::blackhole), {thunk});
    llvm::Value *args = builder.CreateConstGEP1_64(ptrTy, sp, sc.arity + 1);
    emitEntryBody(sc, g, args, Redex{sp, lazyc_fields_words(sc.arity)});
  }

  /// The node of the unboxed value of sc's code: a new number, or False or
  /// True.
  llvm::Value *box(const Supercombinator &sc, llvm::Value *sp,
                   llvm::Value *value) {
    if (sc.boolResult)
      return builder.CreateCall(fastPath(FastPath::constant),
                                {machine, builder.CreateTrunc(value, i32)});
    return builder.CreateCall(fastPath(FastPath::new_num),
                              {machine, sp, value});
  }

  llvm::Constant *cString(llvm::StringRef text, const llvm::Twine &name) {
    auto *init = llvm::ConstantDataArray::getString(context, text);
    auto *var =
        new llvm::GlobalVariable(*module, init->getType(), true,
                                 llvm::GlobalValue::PrivateLinkage, init, name);
    var->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return var;
  }

  template <typename Entry>
  llvm::Constant *table(llvm::StructType *entryTy,
                        const std::vector<Entry> &entries, const char *name) {
    if (entries.empty())
      return llvm::ConstantPointerNull::get(ptrTy);
    auto *arrayTy = llvm::ArrayType::get(entryTy, entries.size());
    std::vector<llvm::Constant *> rows;
    for (size_t i = 0; i < entries.size(); ++i)
      rows.push_back(row(entryTy, entries[i], i));
    return new llvm::GlobalVariable(
        *module, arrayTy, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(arrayTy, rows), name);
  }

  llvm::Constant *row(llvm::StructType *ty, const Supercombinator &sc,
                      size_t index) {
    const GlobalFunctions &g = globals[index];
    auto orNull = [&](llvm::Function *f) -> llvm::Constant * {
      return f ? static_cast<llvm::Constant *>(f)
               : llvm::ConstantPointerNull::get(ptrTy);
    };
    return llvm::ConstantStruct::get(
        ty, {cString(sc.name, "name.global"), builder.getInt32(sc.arity),
             orNull(g.entry), g.code, orNull(g.thunk)});
  }

  llvm::Constant *row(llvm::StructType *ty, const ConstructorEntry &ctor,
                      size_t) {
    return llvm::ConstantStruct::get(
        ty, {cString(ctor.name, "name.ctor"), builder.getInt32(ctor.arity)});
  }

  /// The class of every allocation site, its size's to start with: written
  /// by the runtime (tenure.h), read by every allocation of the site.
  llvm::Constant *siteClasses() {
    if (siteWords.empty())
      return llvm::ConstantPointerNull::get(ptrTy);
    auto *init = llvm::ConstantDataArray::get(context, siteWords);
    return new llvm::GlobalVariable(*module, init->getType(), false,
                                    llvm::GlobalValue::PrivateLinkage, init,
                                    "lazyc.site_classes");
  }

  /// const struct lazyc_program lazyc_program = {...}; see lazyc_rt.h and
  /// the layouts checked at the top of this file.
  void defineProgramTable() {
    auto *globalInfoTy = llvm::StructType::create(
        context, {ptrTy, i32, ptrTy, ptrTy, ptrTy}, "lazyc_global_info");
    auto *ctorInfoTy =
        llvm::StructType::create(context, {ptrTy, i32}, "lazyc_ctor_info");
    auto *programTy = llvm::StructType::create(
        context, {i32, ptrTy, i32, ptrTy, i32, i32, i32, ptrTy},
        "lazyc_program");
    auto *init = llvm::ConstantStruct::get(
        programTy,
        {builder.getInt32(uint32_t(program.globals.size())),
         table(globalInfoTy, program.globals, "lazyc.globals"),
         builder.getInt32(uint32_t(program.constructors.size())),
         table(ctorInfoTy, program.constructors, "lazyc.ctors"),
         builder.getInt32(program.mainIndex),
         builder.getInt32(program.mainIsReferenced ? 1 : 0),
         builder.getInt32(uint32_t(siteWords.size())), siteClasses()});
    auto *table = new llvm::GlobalVariable(*module, programTy, true,
                                           llvm::GlobalValue::ExternalLinkage,
                                           init, "lazyc_program.table");
    // The fast paths that read it (lazyc_site_class) declare it.
    if (llvm::GlobalVariable *declared =
            module->getGlobalVariable("lazyc_program")) {
      declared->replaceAllUsesWith(table);
      declared->eraseFromParent();
    }
    table->setName("lazyc_program");
  }
};

BodyEmitter::BodyEmitter(ModuleBuilder &mb, const Supercombinator &sc,
                         llvm::Function *f, llvm::Value *top,
                         std::optional<Redex> redex)
    : mb(mb), sc(sc), b(mb.builder), m(mb.machine), redex(redex),
      compact(compiledCompactly(sc)) {
  if (redex && sc.valueParams())
    llvm::report_fatal_error("a worker (" + llvm::Twine(sc.name) +
                             ") has no entry");
  base =
      b.CreateConstGEP1_64(mb.ptrTy, top, -int64_t(sc.nodeParams()), "frame");
  st.slots.resize(sc.nodeParams()); // the arguments, loaded when used
  for (unsigned k = sc.valueParams(); k-- > 0;) // the first on top
    st.values.push_back(f->getArg(2 + k));
  if (tailCallsItself(sc.code))
    startLoop();
}

bool BodyEmitter::tailCallsItself(const Code &code) const {
  for (const Instruction &i : code) {
    if (i.op == Op::TailCall && &mb.program.globals[size_t(i.n)] == &sc)
      return true;
    for (const JumpBranch &branch : i.branches)
      if (tailCallsItself(branch.code))
        return true;
  }
  return false;
}

/// The arguments, loaded at the entry, become phis of a loop header, which
/// the tail calls of sc itself jump to with their arguments: a
/// tail-recursive loop keeps its arguments in registers. They are dirty in
/// the loop (the jumps do not store them).
void BodyEmitter::startLoop() {
  llvm::BasicBlock *entry = b.GetInsertBlock();
  std::vector<llvm::Value *> nodes;
  for (size_t k = 0; k < st.slots.size(); ++k)
    nodes.push_back(nodeIn(k));
  loop = llvm::BasicBlock::Create(mb.context, "loop", entry->getParent());
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  for (size_t k = 0; k < nodes.size(); ++k) {
    llvm::PHINode *phi = b.CreatePHI(mb.ptrTy, 2, "arg");
    phi->addIncoming(nodes[k], entry);
    loopNodes.push_back(phi);
    st.slots[k] = {phi, nullptr, false, true};
  }
  st.dirtySlots = st.slots.size();
  for (llvm::Value *&value : st.values) {
    llvm::PHINode *phi = b.CreatePHI(mb.i64, 2, "value");
    phi->addIncoming(value, entry);
    loopValues.push_back(phi);
    value = phi;
  }
}

void BodyEmitter::emit(const Code &code) {
  for (size_t k = 0; k < code.size(); ++k) {
    if (!b.GetInsertBlock())
      llvm::report_fatal_error("G-code of " + llvm::Twine(sc.name) +
                               " goes on after it has returned");
    if (k + 1 < code.size() && packsIntoRedex(code[k], code[k + 1]))
      emitPackIntoRedex(code[k++]);
    else
      emitInstruction(code[k]);
  }
  if (&code != &sc.code)
    return;
  if (b.GetInsertBlock())
    llvm::report_fatal_error("G-code of " + llvm::Twine(sc.name) +
                             " does not end in a return");
  emitExit();
}

void BodyEmitter::emitReturn(llvm::Value *value) {
  if (redex) {
    if (!exit) {
      llvm::IRBuilderBase::InsertPointGuard here(b);
      exit = llvm::BasicBlock::Create(mb.context, "exit",
                                      b.GetInsertBlock()->getParent());
      b.SetInsertPoint(exit);
      exitValue = b.CreatePHI(value->getType(), 2, "value");
    }
    exitValue->addIncoming(value, b.GetInsertBlock());
    b.CreateBr(exit);
  } else {
    b.CreateRet(value);
  }
  b.ClearInsertionPoint();
}

void BodyEmitter::emitExit() {
  if (!exit)
    return;
  b.SetInsertPoint(exit);
  llvm::Value *root = b.CreateLoad(mb.ptrTy, redex->slot, "root");
  b.CreateRet(mb.update(sc, root, exitValue));
  b.ClearInsertionPoint();
}

bool BodyEmitter::packsIntoRedex(const Instruction &pack,
                                 const Instruction &next) const {
  return redex && pack.op == Op::Pack && pack.n > 0 && next.op == Op::Return &&
         lazyc_fields_words(uint32_t(pack.n)) == redex->words;
}

/// The fields are the top nodes, field 0 the top one; nothing is
/// allocated, so nothing is stored in the frame.
void BodyEmitter::emitPackIntoRedex(const Instruction &pack) {
  uint32_t arity = uint32_t(pack.n);
  llvm::Value *root = b.CreateLoad(mb.ptrTy, redex->slot, "root");
  llvm::Value *fields =
      call(FastPath::become_data,
           {m, root, b.getInt32(pack.ctor), b.getInt32(arity)});
  for (uint32_t i = 0; i < arity; ++i)
    b.CreateStore(top(i), b.CreateConstGEP1_64(mb.ptrTy, fields, i));
  b.CreateRet(root);
  b.ClearInsertionPoint();
}

llvm::Value *BodyEmitter::call(FastPath which,
                               llvm::ArrayRef<llvm::Value *> args) {
  return b.CreateCall(mb.fastPath(which), args);
}

std::vector<llvm::Value *> BodyEmitter::popValues(uint32_t global) {
  std::vector<llvm::Value *> args;
  for (unsigned k = mb.program.globals[global].valueParams(); k-- > 0;)
    args.push_back(popValue());
  return args;
}

llvm::Value *BodyEmitter::spAt(size_t depth) {
  return b.CreateConstGEP1_64(mb.ptrTy, base, int64_t(depth));
}

llvm::Value *BodyEmitter::nodeIn(size_t slot) {
  Slot &s = st.slots[slot];
  if (!s.node)
    s.node = b.CreateLoad(mb.ptrTy, spAt(slot));
  return s.node;
}

void BodyEmitter::setSlot(size_t slot, Slot contents) {
  st.dirtySlots += !st.slots[slot].dirty;
  contents.dirty = true;
  st.slots[slot] = contents;
  if (st.dirtySlots > MaxDirtySlots)
    flush();
}

void BodyEmitter::flush() {
  for (size_t k = 0; k < st.slots.size(); ++k)
    if (st.slots[k].dirty) {
      b.CreateStore(st.slots[k].node, spAt(k));
      st.slots[k].dirty = false;
    }
  st.dirtySlots = 0;
}

llvm::Value *BodyEmitter::callOut(FastPath which,
                                  llvm::ArrayRef<llvm::Value *> args) {
  flush();
  llvm::Value *result = call(which, args);
  forgetNodes();
  return result;
}

void BodyEmitter::splitPaths(llvm::Value *condition,
                             const std::function<void()> &fast,
                             const std::function<void()> &slow) {
  llvm::Function *f = b.GetInsertBlock()->getParent();
  auto *fastBlock = llvm::BasicBlock::Create(mb.context, "fast", f);
  auto *slowBlock = llvm::BasicBlock::Create(mb.context, "slow", f);
  b.CreateCondBr(condition, fastBlock, slowBlock,
                 llvm::MDBuilder(mb.context).createLikelyBranchWeights());
  StackState before = st;
  std::vector<std::pair<llvm::BasicBlock *, StackState>> ends;
  b.SetInsertPoint(fastBlock);
  fast();
  ends.emplace_back(b.GetInsertBlock(), st);
  st = before;
  b.SetInsertPoint(slowBlock);
  slow();
  ends.emplace_back(b.GetInsertBlock(), st);
  merge(ends);
}

llvm::Value *
BodyEmitter::allocate(uint32_t words, FastPath which,
                      const std::function<std::vector<llvm::Value *>()> &args) {
  if (compact) {
    flush();
    llvm::Value *node = call(which, args());
    forgetNodes();
    return node;
  }
  llvm::Value *size = b.getInt32(words);
  splitPaths(
      call(FastPath::can_alloc, {m, size}), [] {},
      [&] {
        callOut(FastPath::reserve, {m, sp(), size});
      });
  // Told to LLVM, which then drops the allocation's own slow path.
  b.CreateAssumption(call(FastPath::can_alloc, {m, size}));
  return call(which, args());
}

llvm::Value *BodyEmitter::allocateAt(uint32_t words, uint32_t site) {
  llvm::Value *size = b.getInt32(words), *where = b.getInt32(site);
  llvm::Value *cls = call(FastPath::site_class, {where});
  // The cell goes through the join as a slot of its own.
  splitPaths(
      b.CreateAnd(b.CreateICmpEQ(cls, size),
                  call(FastPath::can_alloc, {m, size})),
      [&] {
        push(call(FastPath::bump, {m, size, size}));
      },
      [&] {
        push(callOut(FastPath::alloc_slow, {m, sp(), cls, where}));
      });
  llvm::Value *node = top(0);
  popNodes(1);
  return node;
}

/// The node of a slot in weak head normal form, unless it is known to be:
/// the unwind loop is called only for a node that is not.
void BodyEmitter::evaluateSlot(size_t slot) {
  if (st.slots[slot].evaluated)
    return;
  llvm::Value *node = nodeIn(slot);
  if (compact) {
    setSlot(slot, {callOut(FastPath::eval, {m, sp(), node}), nullptr, true});
    return;
  }
  splitPaths(
      call(FastPath::is_value, {node}),
      [&] { st.slots[slot].evaluated = true; },
      [&] {
        llvm::Value *value = callOut(FastPath::eval, {m, sp(), node});
        setSlot(slot, {value, nullptr, true});
      });
}

/// A constructor or thunk of the top ARITY nodes, field 0 the top one, of
/// allocation site SITE (or LAZYC_NO_SITE): of the class the site's entry
/// of the program's table says at the time.
void BodyEmitter::emitNewFields(node_kind kind, uint32_t tag, uint32_t arity,
                                uint32_t site) {
  llvm::Value *node;
  if (site == LAZYC_NO_SITE)
    node = allocate(lazyc_fields_words(arity), FastPath::new_fields,
                    [&]() -> std::vector<llvm::Value *> {
                      return {m, sp(), b.getInt32(kind), b.getInt32(tag),
                              b.getInt32(arity)};
                    });
  else
    node = call(FastPath::init_fields,
                {allocateAt(lazyc_fields_words(arity), site), b.getInt32(kind),
                 b.getInt32(tag), b.getInt32(arity)});
  llvm::Value *fields = call(FastPath::fields, {node});
  for (uint32_t i = 0; i < arity; ++i)
    b.CreateStore(top(i), b.CreateConstGEP1_64(mb.ptrTy, fields, i));
  popNodes(arity);
  push(node, kind == NODE_DATA);
}

/// A new number of VALUE on top.
void BodyEmitter::pushNumber(llvm::Value *value) {
  llvm::Value *node = allocate(LAZYC_WORDS(struct node_num), FastPath::new_num,
                               [&]() -> std::vector<llvm::Value *> {
                                 return {m, sp(), value};
                               });
  push(node, true, value);
}

/// A call of GLOBAL's code (or its Int code) whose value this code goes on
/// with; its arguments are popped. LLVM may turn a recursion through such
/// calls into a loop with an accumulator (`1 + f x`), which takes no
/// machine stack: so that each level of it still takes stack, and a
/// runaway recursion is reported rather than run forever, the callee's
/// frame starts at least one slot above this one's. When nothing of this
/// frame is left below the arguments, an empty slot goes there, the mark
/// of this level, for the time of the call.
llvm::Value *BodyEmitter::callReturningHere(uint32_t global, bool intCode) {
  std::vector<llvm::Value *> values = popValues(global);
  unsigned arguments = mb.program.globals[global].nodeParams();
  bool mark = st.slots.size() == arguments;
  if (mark) {
    std::vector<Slot> kept = popSlots(arguments);
    push(llvm::ConstantPointerNull::get(mb.ptrTy));
    for (const Slot &slot : kept)
      pushSlot(slot);
  }
  flush();
  llvm::Value *result = b.CreateCall(intCode ? mb.globals[global].intCode
                                             : mb.globals[global].code,
                                     mb.codeArguments(sp(), values));
  forgetNodes();
  popNodes(arguments + mark);
  return result;
}

void BodyEmitter::emitInstruction(const Instruction &i) {
  uint32_t n = uint32_t(i.n);
  switch (i.op) {
  case Op::Push: {
    llvm::Value *node = top(n);
    Slot copy = st.slots[slotAt(n)];
    copy.node = node;
    pushSlot(copy);
    return;
  }
  case Op::PushGlobal:
    push(call(FastPath::global, {m, b.getInt32(n)}),
         mb.program.globals[n].arity > 0);
    return;
  case Op::PushInt:
    pushNumber(b.getInt64(uint64_t(i.n)));
    return;
  case Op::MkApp:
  case Op::MkPap: {
    bool partial = i.op == Op::MkPap;
    llvm::Value *app =
        allocate(LAZYC_WORDS(struct node_app), FastPath::new_app,
                 [&]() -> std::vector<llvm::Value *> {
                   return {m, sp(), b.getInt32(partial ? NODE_PAP : NODE_APP),
                           top(0), top(1)};
                 });
    popNodes(2);
    push(app, partial);
    return;
  }
  case Op::MkThunk:
    emitNewFields(NODE_THUNK, n, mb.program.globals[n].arity, LAZYC_NO_SITE);
    return;
  case Op::Pack:
    if (n == 0) {
      push(call(FastPath::constant, {m, b.getInt32(i.ctor)}), true);
      return;
    }
    // A huge body's constructors (a literal thousands deep, built once)
    // are no site: the code each would take costs LLVM more than their
    // placement could save.
    emitNewFields(NODE_DATA, i.ctor, n, compact ? LAZYC_NO_SITE : mb.siteOf(i));
    return;
  case Op::Split: {
    llvm::Value *fields = call(FastPath::fields, {pop().node});
    for (uint32_t f = n; f-- > 0;)
      push(b.CreateLoad(mb.ptrTy, b.CreateConstGEP1_64(mb.ptrTy, fields, f)));
    return;
  }
  case Op::Slide: {
    std::vector<Slot> kept = popSlots(i.keep);
    popNodes(n);
    for (const Slot &slot : kept)
      pushSlot(slot);
    return;
  }
  case Op::Pop:
    popNodes(n);
    return;
  case Op::Alloc:
    for (uint32_t k = 0; k < n; ++k) {
      push(allocate(LAZYC_WORDS(struct node_ind), FastPath::new_hole,
                    [&]() -> std::vector<llvm::Value *> {
                      return {m, sp()};
                    }));
    }
    return;
  case Op::Update: {
    llvm::Value *value = pop().node;
    call(FastPath::fill_hole, {m, top(n), value});
    return;
  }
  case Op::Eval:
    evaluateSlot(slotAt(n));
    return;
  case Op::Clear:
    setSlot(slotAt(n), {llvm::ConstantPointerNull::get(mb.ptrTy)});
    return;
  case Op::Apply: {
    llvm::Value *result = callOut(FastPath::apply, {m, sp(), b.getInt32(n)});
    popNodes(n + 1);
    push(result, true);
    return;
  }
  case Op::Call: {
    llvm::Value *result = callReturningHere(n, false);
    push(result);
    evaluateSlot(st.slots.size() - 1); // a tail call inside may have left work
    return;
  }
  case Op::CallInt: {
    llvm::Value *result = callReturningHere(n, true);
    st.values.push_back(result);
    return;
  }
  case Op::TailCall:
    emitTailCall(n);
    return;
  case Op::TailApply: {
    flush();
    llvm::Value *target =
        call(FastPath::tail_apply, {m, base, sp(), b.getInt32(n)});
    llvm::Value *code = b.CreateExtractValue(target, 0, "code");
    llvm::Value *args = b.CreateExtractValue(target, 1, "args");
    llvm::FunctionType *codeType = mb.globals.front().code->getFunctionType();
    llvm::CallInst *value =
        b.CreateCall(codeType, code, mb.codeArguments(args, {}));
    if (!redex)
      value->setTailCallKind(llvm::CallInst::TCK_MustTail);
    emitReturn(value);
    return;
  }
  case Op::Return:
    emitReturn(top());
    return;
  case Op::ReturnInt:
    emitReturn(st.values.back());
    return;
  case Op::PushBasic:
    st.values.push_back(b.getInt64(uint64_t(i.n)));
    return;
  case Op::PushV:
    st.values.push_back(st.values[st.values.size() - 1 - n]);
    return;
  case Op::PopV:
    st.values.resize(st.values.size() - n);
    return;
  case Op::SlideV: {
    llvm::Value *result = popValue();
    st.values.resize(st.values.size() - n);
    st.values.push_back(result);
    return;
  }
  case Op::Get: {
    Slot node = pop();
    st.values.push_back(node.number ? node.number
                                    : call(FastPath::num, {node.node}));
    return;
  }
  case Op::MkInt:
    pushNumber(popValue());
    return;
  case Op::MkBool: {
    llvm::Value *id = b.CreateTrunc(popValue(), mb.i32);
    push(call(FastPath::constant, {m, id}), true);
    return;
  }
  case Op::Tag:
    st.values.push_back(
        b.CreateZExt(call(FastPath::tag, {pop().node}), mb.i64));
    return;
  case Op::PrimOp:
    emitPrimOp(i.binop);
    return;
  case Op::Jump:
    emitJump(i);
    return;
  }
}

/// Arithmetic wraps (no nsw); comparisons give 0 or 1.
void BodyEmitter::emitPrimOp(BinaryOp op) {
  llvm::Value *rhs = popValue();
  llvm::Value *lhs = popValue();
  llvm::Value *result = nullptr;
  auto compare = [&](llvm::CmpInst::Predicate p) {
    return b.CreateZExt(b.CreateICmp(p, lhs, rhs), mb.i64);
  };
  switch (op) {
  case BinaryOp::Add:
    result = b.CreateAdd(lhs, rhs);
    break;
  case BinaryOp::Sub:
    result = b.CreateSub(lhs, rhs);
    break;
  case BinaryOp::Mul:
    result = b.CreateMul(lhs, rhs);
    break;
  case BinaryOp::Div:
    result = call(FastPath::div, {lhs, rhs});
    break;
  case BinaryOp::Mod:
    result = call(FastPath::mod, {lhs, rhs});
    break;
  case BinaryOp::Eq:
    result = compare(llvm::CmpInst::ICMP_EQ);
    break;
  case BinaryOp::Ne:
    result = compare(llvm::CmpInst::ICMP_NE);
    break;
  case BinaryOp::Lt:
    result = compare(llvm::CmpInst::ICMP_SLT);
    break;
  case BinaryOp::Le:
    result = compare(llvm::CmpInst::ICMP_SLE);
    break;
  case BinaryOp::Gt:
    result = compare(llvm::CmpInst::ICMP_SGT);
    break;
  case BinaryOp::Ge:
    result = compare(llvm::CmpInst::ICMP_SGE);
    break;
  }
  st.values.push_back(result);
}

/// The callee's arguments replace this frame, and its code runs in place
/// of this function's (musttail; in an entry, a call whose value then
/// updates the redex). A call of the function itself jumps back to its
/// loop header.
void BodyEmitter::emitTailCall(uint32_t global) {
  std::vector<llvm::Value *> values = popValues(global);
  uint32_t arity = mb.program.globals[global].nodeParams();
  std::vector<llvm::Value *> args;
  for (uint32_t j = 0; j < arity; ++j)
    args.push_back(top(arity - 1 - j));
  if (&mb.program.globals[global] == &sc) {
    llvm::BasicBlock *from = b.GetInsertBlock();
    for (uint32_t j = 0; j < arity; ++j)
      loopNodes[j]->addIncoming(args[j], from);
    for (size_t k = 0; k < values.size(); ++k) // values[0] is v0
      loopValues[loopValues.size() - 1 - k]->addIncoming(values[k], from);
    b.CreateBr(loop);
    b.ClearInsertionPoint();
    return;
  }
  for (uint32_t j = 0; j < arity; ++j)
    b.CreateStore(args[j], spAt(j));
  llvm::Function *callee =
      sc.intResult ? mb.globals[global].intCode : mb.globals[global].code;
  if (!callee)
    llvm::report_fatal_error("G-code of " + llvm::Twine(sc.name) +
                             " tail-calls a function of another result type");
  llvm::CallInst *value =
      b.CreateCall(callee, mb.codeArguments(spAt(arity), values));
  if (!redex) // an entry updates the redex with the value first
    value->setTailCallKind(llvm::CallInst::TCK_MustTail);
  emitReturn(value);
}

/// A switch on the constructor tag of the top node, or on the top value;
/// the branches that do not return continue after the Jump.
void BodyEmitter::emitJump(const Instruction &jump) {
  bool onConstructor = jump.on == Instruction::On::Constructor;
  llvm::Value *key = onConstructor ? call(FastPath::tag, {top()}) : popValue();
  if (jump.branches.size() == 1 && !jump.branches[0].key) {
    emit(jump.branches[0].code); // nothing to tell apart
    return;
  }
  llvm::Function *f = b.GetInsertBlock()->getParent();
  auto *noMatch = llvm::BasicBlock::Create(mb.context, "nomatch", f);
  llvm::SwitchInst *sw = b.CreateSwitch(key, noMatch);
  StackState before = st;
  std::vector<std::pair<llvm::BasicBlock *, StackState>> ends;
  for (const JumpBranch &branch : jump.branches) {
    std::string label = !branch.key ? "default"
                        : onConstructor
                            ? mb.program.constructors[size_t(*branch.key)].name
                            : std::to_string(*branch.key);
    auto *block = llvm::BasicBlock::Create(mb.context, label, f);
    if (!branch.key)
      sw->setDefaultDest(block);
    else
      sw->addCase(llvm::cast<llvm::ConstantInt>(llvm::ConstantInt::get(
                      key->getType(), uint64_t(*branch.key))),
                  block);
    b.SetInsertPoint(block);
    st = before;
    emit(branch.code);
    if (b.GetInsertBlock())
      ends.emplace_back(b.GetInsertBlock(), st);
  }
  if (sw->getDefaultDest() == noMatch) {
    b.SetInsertPoint(noMatch);
    call(FastPath::no_match, {});
    b.CreateUnreachable();
  } else {
    noMatch->eraseFromParent();
  }
  if (ends.empty()) { // every branch returned: nothing follows this Jump
    b.ClearInsertionPoint();
    return;
  }
  merge(ends);
}

/// Joins the branches that continue: a value that differs between them
/// becomes a phi. So does the node of a slot dirty in some branch (loaded
/// from the frame in those where it is not known) or known in every one;
/// another is loaded from the frame when used. A slot is evaluated if it
/// is in every branch, dirty if it is in any.
void BodyEmitter::merge(
    const std::vector<std::pair<llvm::BasicBlock *, StackState>> &ends) {
  llvm::Function *f = ends.front().first->getParent();
  auto *join = llvm::BasicBlock::Create(mb.context, "join", f);
  const StackState &first = ends.front().second;
  for (const auto &[block, state] : ends)
    if (state.slots.size() != first.slots.size() ||
        state.values.size() != first.values.size())
      llvm::report_fatal_error("G-code of " + llvm::Twine(sc.name) +
                               " joins branches of different depths");
  size_t depth = first.slots.size();
  std::vector<Slot> merged = first.slots;
  std::vector<bool> joined(depth);
  for (size_t k = 0; k < depth; ++k) {
    bool known = true;
    for (const auto &[block, state] : ends) {
      const Slot &other = state.slots[k];
      known &= other.node != nullptr;
      merged[k].dirty |= other.dirty;
      merged[k].evaluated &= other.evaluated;
      if (other.number != merged[k].number)
        merged[k].number = nullptr;
    }
    joined[k] = known || merged[k].dirty;
  }
  // Each branch's node of every joined slot, loaded where not known.
  std::vector<std::vector<llvm::Value *>> nodes;
  for (const auto &[block, state] : ends) {
    b.SetInsertPoint(block);
    std::vector<llvm::Value *> &mine = nodes.emplace_back(depth);
    for (size_t k = 0; k < depth; ++k)
      if (joined[k])
        mine[k] = state.slots[k].node ? state.slots[k].node
                                      : b.CreateLoad(mb.ptrTy, spAt(k));
    b.CreateBr(join);
  }
  b.SetInsertPoint(join);
  for (size_t k = 0; k < depth; ++k) {
    merged[k].node = nullptr;
    if (!joined[k])
      continue;
    llvm::Value *node = nodes.front()[k];
    bool same = true;
    for (const std::vector<llvm::Value *> &mine : nodes)
      same &= mine[k] == node;
    if (!same) {
      llvm::PHINode *phi = b.CreatePHI(mb.ptrTy, unsigned(ends.size()));
      for (size_t e = 0; e < ends.size(); ++e)
        phi->addIncoming(nodes[e][k], ends[e].first);
      node = phi;
    }
    merged[k].node = node;
  }
  st.slots = std::move(merged);
  st.dirtySlots = 0;
  for (const Slot &slot : st.slots)
    st.dirtySlots += slot.dirty;
  st.values.clear();
  for (size_t k = 0; k < first.values.size(); ++k) {
    llvm::Value *value = first.values[k];
    bool same = true;
    for (const auto &[block, state] : ends)
      same &= state.values[k] == value;
    if (!same) {
      llvm::PHINode *phi = b.CreatePHI(mb.i64, unsigned(ends.size()));
      for (const auto &[block, state] : ends)
        phi->addIncoming(state.values[k], block);
      value = phi;
    }
    st.values.push_back(value);
  }
}

} // namespace

std::unique_ptr<llvm::Module> generateModule(const GProgram &program,
                                             llvm::LLVMContext &context,
                                             llvm::StringRef moduleName) {
  return ModuleBuilder(program, context, moduleName).run();
}

} // namespace lazyc
