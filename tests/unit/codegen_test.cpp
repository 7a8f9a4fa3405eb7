//===- codegen_test.cpp - Tests of the LLVM IR generator ------------------===//

#include "codegen.h"

#include "backend.h"
#include "compiler_test_support.h"
#include "fastpaths.h"
#include "lazyc_rt.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/CommandLine.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>

namespace lazyc {
namespace {

using test::compileValid;

const std::string ListDecl = "data List = { Nil, Cons Int List }\n";

const std::string LengthProgram = ListDecl + R"(
defn length l = {
    case l of {
        Nil -> { 0 }
        Cons x xs -> { 1 + length xs }
    }
}
defn main = { length (Cons 1 (Cons 2 Nil)) }
)";

struct Generated {
  GProgram program;
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module;

  explicit Generated(const std::string &text) : Generated(compileValid(text)) {}
  explicit Generated(GProgram compiled) : program(std::move(compiled)) {
    module = generateModule(program, context, "test.txt");
  }

  const llvm::Function *function(const std::string &name) const {
    return module->getFunction(name);
  }

  /// Runs the -O2 pipeline on the module.
  void optimize() {
    auto target = createHostTargetMachine(2);
    ASSERT_TRUE(bool(target)) << llvm::toString(target.takeError());
    lazyc::optimize(*module, **target, 2);
  }
};

/// The names of the functions f calls, each once.
std::set<std::string> callees(const llvm::Function *f) {
  std::set<std::string> names;
  for (const llvm::BasicBlock &block : *f)
    for (const llvm::Instruction &i : block)
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
        if (const llvm::Function *callee = call->getCalledFunction())
          names.insert(callee->getName().str());
  return names;
}

std::string verifyErrors(const llvm::Module &module) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  llvm::verifyModule(module, &os);
  return errors;
}

TEST(Codegen, ModuleIsValid) {
  Generated g(LengthProgram);
  ASSERT_TRUE(g.module);
  EXPECT_EQ(verifyErrors(*g.module), "");
  EXPECT_EQ(g.module->getModuleIdentifier(), "test.txt");
}

TEST(Codegen, EverySupercombinatorHasItsCodeAndAllButWorkersAnEntry) {
  Generated g(test::compileOptimised(ListDecl + R"(
defn main = { count (f (Cons 1) (2 + 3)) 4 }
defn f g x = { h (case g Nil of { y -> { y } }) x }
defn h l n = { n }
defn count n acc = { if n == 0 then { acc } else { count (n - 1) (acc + 1) } }
)"));
  llvm::Type *ptr = llvm::PointerType::getUnqual(g.context);
  unsigned workers = 0;
  for (const Supercombinator &sc : g.program.globals) {
    const llvm::Function *code = g.function(sc.name);
    ASSERT_NE(code, nullptr) << sc.name;
    EXPECT_FALSE(code->isDeclaration()) << sc.name;
    EXPECT_TRUE(code->hasInternalLinkage()) << sc.name;
    EXPECT_EQ(code->getReturnType(), ptr) << sc.name;
    // Every code takes the machine, the stack pointer and the values.
    EXPECT_EQ(code->arg_size(), 2u + LAZYC_VALUE_ARGS) << sc.name;
    const llvm::Function *entry = g.function(sc.name + ".entry");
    workers += sc.isWorker();
    EXPECT_EQ(entry == nullptr, sc.isWorker()) << sc.name;
    if (entry) {
      EXPECT_TRUE(entry->hasInternalLinkage()) << sc.name;
      EXPECT_EQ(entry->getReturnType(), ptr) << sc.name;
      EXPECT_EQ(entry->arg_size(), 2u) << sc.name;
    }
    const llvm::Function *intCode = g.function(sc.name + ".int");
    EXPECT_EQ(intCode != nullptr, sc.intResult) << sc.name;
    if (intCode) {
      EXPECT_TRUE(intCode->getReturnType()->isIntegerTy(64)) << sc.name;
    }
  }
  EXPECT_EQ(workers, 1u); // count's
}

TEST(Codegen, TheFastPathsAreInternalAndInlined) {
  Generated g(LengthProgram);
  for (FastPath which : {FastPath::new_num, FastPath::eval, FastPath::update,
                         FastPath::fields, FastPath::no_match}) {
    const llvm::Function *f = fastPath(*g.module, which);
    ASSERT_NE(f, nullptr);
    EXPECT_FALSE(f->isDeclaration()) << f->getName().str();
    EXPECT_TRUE(f->hasInternalLinkage()) << f->getName().str();
    EXPECT_TRUE(f->hasFnAttribute(llvm::Attribute::AlwaysInline))
        << f->getName().str();
  }
  g.optimize();
  // Inlined everywhere, they are gone; only the slow paths remain calls
  // into the runtime (an LLVM intrinsic, such as the memset of slots a
  // call clears, is no call at all).
  std::set<std::string> slowPaths = {"rt_eval",           "rt_alloc_slow",
                                     "rt_reserve",        "rt_no_match",
                                     "rt_resolve_update", "rt_remember"};
  for (const llvm::Function &f : *g.module) {
    EXPECT_FALSE(f.getName().starts_with("lazyc_fp_")) << f.getName().str();
    if (f.isDeclaration())
      continue;
    for (const std::string &callee : callees(&f)) {
      const llvm::Function *target = g.module->getFunction(callee);
      EXPECT_TRUE(slowPaths.count(callee) || !target->isDeclaration() ||
                  target->isIntrinsic())
          << f.getName().str() << " calls " << callee;
    }
  }
}

TEST(Codegen, ArithmeticAndComparisonsAreInline) {
  Generated g("defn nfib n = { if n < 2 then { 1 } else { nfib (n - 1) + "
              "nfib (n - 2) + 1 } }\ndefn main = { nfib 20 }");
  g.optimize();
  // Only the recursion, evaluation of the argument and allocation's slow
  // path are calls; everything else is straight-line code (an intrinsic,
  // such as the assumption that a run has room, is no call).
  std::set<std::string> allowed = {"nfib.int", "rt_eval", "rt_reserve"};
  for (const std::string &callee : callees(g.function("nfib.int")))
    EXPECT_TRUE(allowed.count(callee) ||
                g.module->getFunction(callee)->isIntrinsic())
        << callee;
}

TEST(Codegen, AConstructorIsAllocatedFromTheClassItsSiteHasNow) {
  Generated g(ListDecl + "defn single x = { Cons x Nil }\n"
                         "defn main = { single 1 }");
  g.optimize();
  const llvm::GlobalVariable *classes =
      g.module->getNamedGlobal("lazyc.site_classes");
  ASSERT_NE(classes, nullptr);
  // The fast path reads the site's class; the slow path is given it and
  // the site, whose allocations it samples.
  bool readsClass = false;
  const llvm::CallInst *slow = nullptr;
  for (const llvm::BasicBlock &block : *g.function("single"))
    for (const llvm::Instruction &i : block) {
      if (auto *load = llvm::dyn_cast<llvm::LoadInst>(&i))
        readsClass |=
            load->getPointerOperand()->stripInBoundsOffsets() == classes;
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
        if (call->getCalledFunction() &&
            call->getCalledFunction()->getName() == "rt_alloc_slow")
          slow = call;
    }
  EXPECT_TRUE(readsClass);
  ASSERT_NE(slow, nullptr);
  EXPECT_FALSE(llvm::isa<llvm::Constant>(slow->getArgOperand(2)));
  auto *site = llvm::dyn_cast<llvm::ConstantInt>(slow->getArgOperand(3));
  ASSERT_NE(site, nullptr);
  EXPECT_LT(
      site->getZExtValue(),
      llvm::cast<llvm::ArrayType>(classes->getValueType())->getNumElements());
}

// Compiled compactly, a huge literal's constructors take no site (and
// none of its code): a small function's do.
TEST(Codegen, AHugeBodysConstructorsAreNoSites) {
  std::string literal = "Nil";
  for (int i = 0; i < 1000; ++i)
    literal = "Cons 1 (" + literal + ")";
  Generated g(ListDecl +
              "defn single x = { Cons x Nil }\n"
              "defn main = { case " +
              literal + " of { Nil -> { single 1 } Cons _ t -> { t } } }");
  auto *init = llvm::cast<llvm::ConstantStruct>(
      g.module->getGlobalVariable("lazyc_program")->getInitializer());
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(init->getOperand(6))->getZExtValue(),
            1u); // single's Cons
}

/// The calls of F that are musttail, each checked to be followed by a ret.
std::vector<const llvm::CallInst *> mustTailCalls(const llvm::Function *f) {
  std::vector<const llvm::CallInst *> calls;
  for (const llvm::BasicBlock &block : *f)
    for (const llvm::Instruction &i : block)
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
        if (call->isMustTailCall()) {
          EXPECT_TRUE(llvm::isa<llvm::ReturnInst>(call->getNextNode()));
          calls.push_back(call);
        }
  return calls;
}

TEST(Codegen, ATailCallOfItselfIsALoopOverItsArguments) {
  Generated g("defn loop n acc = { if n == 0 then { acc } else { "
              "loop (n - 1) (acc + 1) } }\ndefn main = { loop 10 0 }");
  EXPECT_EQ(verifyErrors(*g.module), "");
  const llvm::Function *f = g.function("loop.int");
  EXPECT_TRUE(mustTailCalls(f).empty());
  EXPECT_FALSE(callees(f).count("loop.int"));
  // The header's phis take the arguments from the entry and from the
  // tail call.
  const llvm::BasicBlock *header = nullptr;
  for (const llvm::BasicBlock &block : *f)
    if (block.getName() == "loop")
      header = &block;
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->getSinglePredecessor(), nullptr);
  unsigned phis = 0;
  for (const llvm::PHINode &phi : header->phis()) {
    ++phis;
    EXPECT_EQ(phi.getNumIncomingValues(), 2u);
    EXPECT_TRUE(phi.getBasicBlockIndex(&f->getEntryBlock()) >= 0);
  }
  EXPECT_EQ(phis, 2u); // n and acc, nodes or unboxed values
}

TEST(Codegen, TheFrameIsStoredOnlyOnTheWayToACall) {
  // leq walks two chains of S nodes: when both are values, an iteration
  // calls nothing, and so stores nothing either.
  Generated g("data Nat = { Z, S Nat }\n"
              "defn leq a b = { case a of { Z -> { True } S a1 -> {\n"
              "  case b of { Z -> { False } S b1 -> { leq a1 b1 } } } } }\n"
              "defn main = { leq (S Z) (S (S Z)) }");
  const llvm::Function *f = g.function("leq.int");
  const llvm::BasicBlock *header = nullptr;
  for (const llvm::BasicBlock &block : *f)
    if (block.getName() == "loop")
      header = &block;
  ASSERT_NE(header, nullptr);
  // The blocks the header reaches without a slow path (nor a failed match).
  std::set<const llvm::BasicBlock *> seen = {header};
  std::vector<const llvm::BasicBlock *> work = {header};
  unsigned stores = 0, backEdges = 0;
  while (!work.empty()) {
    const llvm::BasicBlock *block = work.back();
    work.pop_back();
    for (const llvm::Instruction &i : *block)
      stores += llvm::isa<llvm::StoreInst>(i);
    for (const llvm::BasicBlock *next : llvm::successors(block)) {
      backEdges += next == header;
      if (!next->getName().starts_with("slow") &&
          !next->getName().starts_with("nomatch") && seen.insert(next).second)
        work.push_back(next);
    }
  }
  EXPECT_EQ(stores, 0u);
  EXPECT_EQ(backEdges, 1u);
}

TEST(Codegen, AnEntryReturningAConstructorOfItsRedexsSizeBecomesIt) {
  // from's entry updates an application node, of a cons cell's size: the
  // cell is built in it. Its code, called directly, and its thunks, of one
  // field, smaller than a cell, allocate one.
  Generated g(ListDecl + "defn from n = { Cons n (from (n + 1)) }\n"
                         "defn main = { case from 1 of { Nil -> { 0 } "
                         "Cons x xs -> { x } } }");
  EXPECT_EQ(verifyErrors(*g.module), "");
  std::set<std::string> entry = callees(g.function("from.entry"));
  EXPECT_TRUE(entry.count("lazyc_fp_become_data"));
  EXPECT_FALSE(entry.count("lazyc_fp_update"));
  for (const char *name : {"from", "from.thunk"}) {
    std::set<std::string> other = callees(g.function(name));
    EXPECT_FALSE(other.count("lazyc_fp_become_data")) << name;
    EXPECT_TRUE(other.count("lazyc_fp_new_fields")) << name;
  }
}

TEST(Codegen, ATailCallOfAnotherFunctionIsAMustTailCall) {
  Generated g(
      "defn even n = { if n == 0 then { True } else { odd (n - 1) } }\n"
      "defn odd n = { if n == 0 then { False } else { even (n - 1) } }\n"
      "defn main = { even 10 }");
  EXPECT_EQ(verifyErrors(*g.module), "");
  for (const char *name : {"even.int", "odd.int"}) {
    std::vector<const llvm::CallInst *> calls = mustTailCalls(g.function(name));
    ASSERT_EQ(calls.size(), 1u) << name;
    EXPECT_EQ(calls[0]->getCalledFunction(),
              g.function(name[0] == 'e' ? "odd.int" : "even.int"));
  }
}

/// The calls in f of the function called name.
std::vector<const llvm::CallInst *> callsOf(const llvm::Function *f,
                                            const std::string &name) {
  std::vector<const llvm::CallInst *> calls;
  for (const llvm::BasicBlock &block : *f)
    for (const llvm::Instruction &i : block)
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
        if (call->getCalledFunction() &&
            call->getCalledFunction()->getName() == name)
          calls.push_back(call);
  return calls;
}

TEST(Codegen, ACallLeavesAMarkOfItsFrameOnTheStack) {
  // LLVM may make a loop with an accumulator of 1 + f (x + 1), and of
  // 1 + len xs: each level must still take stack, so that a runaway
  // recursion is reported. The callee's frame starts a slot above the
  // caller's: $wf takes its Int unboxed and len's cell is dead during the
  // call, so that nothing of their frames is left below the argument, and
  // an empty slot goes there.
  Generated g(test::compileOptimised(
      ListDecl + "defn f x = { 1 + f (x + 1) }\n"
                 "defn len l = { case l of { Nil -> { 0 } Cons _ xs -> { 1 + "
                 "len xs } } }\n"
                 "defn main = { len (Cons 1 Nil) + f 0 }"));
  EXPECT_EQ(verifyErrors(*g.module), "");
  for (const char *name : {"$wf.int", "len.int"}) {
    const llvm::Function *f = g.function(name);
    std::vector<const llvm::CallInst *> calls = callsOf(f, name);
    ASSERT_EQ(calls.size(), 1u) << name;
    // A call of itself: the callee's frame starts a slot above if the
    // stack pointer it is given is a slot above the function's own.
    llvm::APInt offset(64, 0);
    const llvm::Value *from =
        calls[0]->getArgOperand(1)->stripAndAccumulateConstantOffsets(
            g.module->getDataLayout(), offset, true);
    EXPECT_EQ(from, f->getArg(1)) << name;
    EXPECT_GE(offset.getSExtValue(), 8) << name;
  }
}

TEST(Codegen, AJumpOnAConstructorSwitchesOnItsTag) {
  Generated g(LengthProgram);
  const llvm::SwitchInst *sw = nullptr;
  for (const llvm::BasicBlock &block : *g.function("length.int"))
    if (auto *s = llvm::dyn_cast<llvm::SwitchInst>(block.getTerminator()))
      sw = s;
  ASSERT_NE(sw, nullptr);
  EXPECT_TRUE(sw->getCondition()->getType()->isIntegerTy(32));
  std::set<std::string> targets;
  for (const auto &c : sw->cases())
    targets.insert(c.getCaseSuccessor()->getName().str());
  EXPECT_EQ(targets, (std::set<std::string>{"Nil", "Cons"}));
  // No default: a constructor no branch expects is a runtime error.
  EXPECT_EQ(sw->getDefaultDest()->getName(), "nomatch");
  EXPECT_TRUE(
      callees(g.function("length.int"))
          .count(fastPath(*g.module, FastPath::no_match)->getName().str()));
}

TEST(Codegen, AJumpOnANumberSwitchesOnTheValue) {
  Generated g("defn f n = { case n of { 0 -> { 1 } 7 -> { 2 } m -> { m } } }\n"
              "defn main = { f 7 }");
  const llvm::SwitchInst *sw = nullptr;
  for (const llvm::BasicBlock &block : *g.function("f.int"))
    if (auto *s = llvm::dyn_cast<llvm::SwitchInst>(block.getTerminator()))
      sw = s;
  ASSERT_NE(sw, nullptr);
  EXPECT_TRUE(sw->getCondition()->getType()->isIntegerTy(64));
  std::set<int64_t> keys;
  for (const auto &c : sw->cases())
    keys.insert(c.getCaseValue()->getSExtValue());
  EXPECT_EQ(keys, (std::set<int64_t>{0, 7}));
  EXPECT_EQ(sw->getDefaultDest()->getName(), "default");
}

TEST(Codegen, TheInstructionSelectorKeepsSlotCopiesApart) {
  // Two 8-byte slot copies merged into one 16-byte load stall a loop whose
  // slots were just written (backend.cpp): the target turns that off.
  ASSERT_TRUE(bool(createHostTargetMachine(2)));
  auto &options = llvm::cl::getRegisteredOptions();
  ASSERT_TRUE(options.count("combiner-store-merging"));
  EXPECT_FALSE(
      static_cast<llvm::cl::opt<bool> *>(options["combiner-store-merging"])
          ->getValue());
}

TEST(Codegen, ProgramTable) {
  Generated g(LengthProgram);
  const llvm::GlobalVariable *table =
      g.module->getGlobalVariable("lazyc_program");
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->hasExternalLinkage());
  EXPECT_TRUE(table->isConstant());
  auto *init = llvm::cast<llvm::ConstantStruct>(table->getInitializer());
  ASSERT_EQ(init->getNumOperands(), 8u);
  auto intField = [&](unsigned i) {
    return llvm::cast<llvm::ConstantInt>(init->getOperand(i))->getZExtValue();
  };
  EXPECT_EQ(intField(0), g.program.globals.size());
  EXPECT_EQ(intField(2), g.program.constructors.size());
  EXPECT_EQ(intField(4), g.program.mainIndex);
  EXPECT_EQ(intField(5), 0u); // nothing refers to main
  auto *globals = llvm::cast<llvm::GlobalVariable>(init->getOperand(1));
  auto *rows = llvm::cast<llvm::ConstantArray>(globals->getInitializer());
  ASSERT_EQ(rows->getNumOperands(), g.program.globals.size());
  for (unsigned i = 0; i < rows->getNumOperands(); ++i) {
    auto *row = llvm::cast<llvm::ConstantStruct>(rows->getOperand(i));
    EXPECT_EQ(llvm::cast<llvm::ConstantInt>(row->getOperand(1))->getZExtValue(),
              g.program.globals[i].arity);
    EXPECT_EQ(row->getOperand(2),
              g.function(g.program.globals[i].name + ".entry"));
  }
  // One allocation site per Pack of fields, each starting in the class of
  // its size, in a table the runtime writes.
  std::multiset<uint64_t> packs;
  std::function<void(const Code &)> scan = [&](const Code &code) {
    for (const Instruction &i : code) {
      if (i.op == Op::Pack && i.n > 0)
        packs.insert(lazyc_fields_words(uint32_t(i.n)));
      for (const JumpBranch &branch : i.branches)
        scan(branch.code);
    }
  };
  for (const Supercombinator &sc : g.program.globals)
    scan(sc.code);
  ASSERT_FALSE(packs.empty());
  EXPECT_EQ(intField(6), packs.size());
  auto *sites = llvm::cast<llvm::GlobalVariable>(init->getOperand(7));
  EXPECT_FALSE(sites->isConstant());
  auto *classes = llvm::cast<llvm::ConstantDataArray>(sites->getInitializer());
  std::multiset<uint64_t> initial;
  for (unsigned i = 0; i < classes->getNumElements(); ++i)
    initial.insert(classes->getElementAsInteger(i));
  EXPECT_EQ(initial, packs);
}

TEST(Codegen, CodeThatDoesNotReturnIsRejected) {
  GProgram program;
  program.globals.push_back(
      {"main", 0, false, {Instruction(Op::PushInt, 1)}, {}, false});
  llvm::LLVMContext context;
  EXPECT_DEATH(generateModule(program, context, "test.txt"),
               "does not end in a return");
}

} // namespace
} // namespace lazyc
