//===- codegen_test.cpp - Tests of the LLVM IR generator ------------------===//

#include "codegen.h"

#include "compiler_test_support.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Verifier.h"

#include <gtest/gtest.h>

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

  explicit Generated(const std::string &text) : program(compileValid(text)) {
    module = generateModule(program, context, "test.txt");
  }

  const llvm::Function *function(const std::string &supercombinator) const {
    return module->getFunction("sc." + supercombinator);
  }
};

/// The body of f, a line per instruction under its block's name: calls as
/// the callee and its constant arguments after the G-machine, branches with
/// their targets.
std::string describe(const llvm::Function *f) {
  if (!f)
    return "<no function>";
  std::string out;
  llvm::raw_string_ostream os(out);
  for (const llvm::BasicBlock &block : *f) {
    os << block.getName() << ":\n";
    for (const llvm::Instruction &i : block) {
      os << "  ";
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i)) {
        os << call->getCalledFunction()->getName();
        if (call->arg_size() == 0 || call->getArgOperand(0) != f->getArg(0))
          os << " <not given the G-machine>";
        for (unsigned a = 1; a < call->arg_size(); ++a) {
          if (auto *c = llvm::dyn_cast<llvm::ConstantInt>(call->getArgOperand(a)))
            os << ' ' << c->getSExtValue();
          else
            os << " <not a constant>";
        }
      } else if (auto *sw = llvm::dyn_cast<llvm::SwitchInst>(&i)) {
        os << "switch";
        for (const auto &c : sw->cases())
          os << ' ' << c.getCaseValue()->getSExtValue() << "->"
             << c.getCaseSuccessor()->getName();
        os << " default->" << sw->getDefaultDest()->getName();
      } else if (auto *br = llvm::dyn_cast<llvm::BranchInst>(&i)) {
        os << "br";
        for (const llvm::BasicBlock *target : br->successors())
          os << ' ' << target->getName();
      } else {
        os << i.getOpcodeName();
      }
      os << '\n';
    }
  }
  return out;
}

TEST(Codegen, ModuleIsValid) {
  Generated g(LengthProgram);
  ASSERT_TRUE(g.module);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  EXPECT_FALSE(llvm::verifyModule(*g.module, &os)) << errors;
  EXPECT_EQ(g.module->getModuleIdentifier(), "test.txt");
}

TEST(Codegen, OneFunctionPerSupercombinator) {
  // Functions, a lifted case, a constructor and an operator as values.
  Generated g(ListDecl + R"(
defn main = { f (Cons 1) (2 + 3) }
defn f g x = { h (case g Nil of { y -> { y } }) x }
defn h l n = { n }
)");
  ASSERT_EQ(g.program.globals.size(), 6u);
  size_t defined = 0;
  for (const llvm::Function &f : *g.module)
    if (!f.isDeclaration())
      ++defined;
  EXPECT_EQ(defined, g.program.globals.size());
  for (const Supercombinator &sc : g.program.globals) {
    const llvm::Function *f = g.function(sc.name);
    ASSERT_NE(f, nullptr) << sc.name;
    EXPECT_FALSE(f->isDeclaration()) << sc.name;
    EXPECT_TRUE(f->hasInternalLinkage()) << sc.name;
    EXPECT_TRUE(f->getReturnType()->isVoidTy()) << sc.name;
    ASSERT_EQ(f->arg_size(), 1u) << sc.name;
    EXPECT_TRUE(f->getArg(0)->getType()->isPointerTy()) << sc.name;
  }
}

TEST(Codegen, RuntimeFunctionsAreDeclared) {
  Generated g(LengthProgram);
  llvm::LLVMContext &ctx = g.context;
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *voidTy = llvm::Type::getVoidTy(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  struct Expected {
    const char *name;
    llvm::FunctionType *type;
  } expected[] = {
      {"rt_push", llvm::FunctionType::get(voidTy, {ptr, i64}, false)},
      {"rt_push_int", llvm::FunctionType::get(voidTy, {ptr, i64}, false)},
      {"rt_push_global", llvm::FunctionType::get(voidTy, {ptr, i32}, false)},
      {"rt_mkapp", llvm::FunctionType::get(voidTy, {ptr}, false)},
      {"rt_update", llvm::FunctionType::get(voidTy, {ptr, i64}, false)},
      {"rt_pop", llvm::FunctionType::get(voidTy, {ptr, i64}, false)},
      {"rt_pack", llvm::FunctionType::get(voidTy, {ptr, i32, i32}, false)},
      {"rt_split", llvm::FunctionType::get(voidTy, {ptr, i32}, false)},
      {"rt_ctor_tag", llvm::FunctionType::get(i32, {ptr}, false)},
      {"rt_int_value", llvm::FunctionType::get(i64, {ptr}, false)},
      {"rt_slide", llvm::FunctionType::get(voidTy, {ptr, i64}, false)},
      {"rt_alloc", llvm::FunctionType::get(voidTy, {ptr, i64}, false)},
      {"rt_eval", llvm::FunctionType::get(voidTy, {ptr}, false)},
      {"rt_binop", llvm::FunctionType::get(voidTy, {ptr, i32}, false)},
      {"rt_no_match", llvm::FunctionType::get(voidTy, {ptr}, false)},
  };
  for (const Expected &e : expected) {
    const llvm::Function *f = g.module->getFunction(e.name);
    ASSERT_NE(f, nullptr) << e.name;
    EXPECT_TRUE(f->isDeclaration()) << e.name;
    EXPECT_TRUE(f->hasExternalLinkage()) << e.name;
    EXPECT_EQ(f->getFunctionType(), e.type) << e.name;
  }
  EXPECT_TRUE(g.module->getFunction("rt_no_match")->doesNotReturn());
  // Every function the code calls is one of the runtime's.
  for (const llvm::Function &f : *g.module)
    for (const llvm::BasicBlock &block : f)
      for (const llvm::Instruction &i : block)
        if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i)) {
          EXPECT_TRUE(call->getCalledFunction()->getName().starts_with("rt_"))
              << call->getCalledFunction()->getName().str();
        }
}

TEST(Codegen, InstructionsBecomeRuntimeCalls) {
  Generated g(ListDecl + "defn k x y = { x }\n"
                         "defn main = { k (0 - 9) (Cons 1 Nil) * 3 / 4 }\n");
  EXPECT_EQ(describe(g.function("k")), "entry:\n"
                                       "  rt_push 0\n"
                                       "  rt_update 2\n"
                                       "  rt_pop 2\n"
                                       "  ret\n");
  // Operators are numbered as in lazyc_rt.h: + - * / are 0 1 2 3;
  // constructors by id, Nil and Cons after the built-in False and True.
  EXPECT_EQ(describe(g.function("main")), "entry:\n"
                                          "  rt_pack 2 0\n"
                                          "  rt_push_int 1\n"
                                          "  rt_pack 3 2\n"
                                          "  rt_push_int 9\n"
                                          "  rt_push_int 0\n"
                                          "  rt_push_global 2\n"
                                          "  rt_mkapp\n"
                                          "  rt_mkapp\n"
                                          "  rt_push_global 0\n"
                                          "  rt_mkapp\n"
                                          "  rt_mkapp\n"
                                          "  rt_eval\n"
                                          "  rt_push_int 3\n"
                                          "  rt_binop 2\n"
                                          "  rt_push_int 4\n"
                                          "  rt_binop 3\n"
                                          "  rt_update 0\n"
                                          "  ret\n");
  EXPECT_EQ(describe(g.function("-")), "entry:\n"
                                       "  rt_push 0\n"
                                       "  rt_eval\n"
                                       "  rt_push 2\n"
                                       "  rt_eval\n"
                                       "  rt_binop 1\n"
                                       "  rt_update 2\n"
                                       "  rt_pop 2\n"
                                       "  ret\n");
}

TEST(Codegen, JumpBecomesSwitchOnConstructorTag) {
  Generated g(LengthProgram);
  // A case without a default branch fails at run time on a constructor it
  // does not cover; every branch returns, so nothing follows the switch.
  EXPECT_EQ(describe(g.function("length")), "entry:\n"
                                            "  rt_push 0\n"
                                            "  rt_eval\n"
                                            "  rt_ctor_tag\n"
                                            "  switch 2->Nil 3->Cons "
                                            "default->nomatch\n"
                                            "nomatch:\n"
                                            "  rt_no_match\n"
                                            "  unreachable\n"
                                            "Nil:\n"
                                            "  rt_split 0\n"
                                            "  rt_push_int 0\n"
                                            "  rt_update 1\n"
                                            "  rt_pop 1\n"
                                            "  ret\n"
                                            "Cons:\n"
                                            "  rt_split 2\n"
                                            "  rt_push_int 1\n"
                                            "  rt_push 2\n"
                                            "  rt_push_global 0\n"
                                            "  rt_mkapp\n"
                                            "  rt_eval\n"
                                            "  rt_binop 0\n"
                                            "  rt_update 3\n"
                                            "  rt_pop 3\n"
                                            "  ret\n");
}

TEST(Codegen, BranchesOfAStrictCaseJoin) {
  Generated g(ListDecl + R"(
defn f l = { 1 + case l of { Cons x xs -> { x } y -> { 0 } } }
defn main = { f Nil }
)");
  EXPECT_EQ(describe(g.function("f")), "entry:\n"
                                       "  rt_push_int 1\n"
                                       "  rt_push 1\n"
                                       "  rt_eval\n"
                                       "  rt_ctor_tag\n"
                                       "  switch 3->Cons default->default\n"
                                       "join:\n"
                                       "  rt_binop 0\n"
                                       "  rt_update 1\n"
                                       "  rt_pop 1\n"
                                       "  ret\n"
                                       "Cons:\n"
                                       "  rt_split 2\n"
                                       "  rt_push 0\n"
                                       "  rt_eval\n"
                                       "  rt_slide 2\n"
                                       "  br join\n"
                                       "default:\n"
                                       "  rt_push_int 0\n"
                                       "  rt_slide 1\n"
                                       "  br join\n");
}

TEST(Codegen, NestedCaseInTailPosition) {
  Generated g(ListDecl + R"(
defn second l = {
    case l of {
        Cons x xs -> { case xs of { Cons y ys -> { y } Nil -> { x } } }
        Nil -> { 0 }
    }
}
defn main = { second Nil }
)");
  ASSERT_TRUE(g.module);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  EXPECT_FALSE(llvm::verifyModule(*g.module, &os)) << errors;
  // The inner case ends the outer branch: no branch continues after it.
  EXPECT_EQ(describe(g.function("second")),
            "entry:\n"
            "  rt_push 0\n"
            "  rt_eval\n"
            "  rt_ctor_tag\n"
            "  switch 3->Cons 2->Nil4 default->nomatch\n"
            "nomatch:\n"
            "  rt_no_match\n"
            "  unreachable\n"
            "Cons:\n"
            "  rt_split 2\n"
            "  rt_push 1\n"
            "  rt_eval\n"
            "  rt_ctor_tag\n"
            "  switch 3->Cons3 2->Nil default->nomatch2\n"
            "nomatch2:\n"
            "  rt_no_match\n"
            "  unreachable\n"
            "Cons3:\n"
            "  rt_split 2\n"
            "  rt_push 0\n"
            "  rt_update 5\n"
            "  rt_pop 5\n"
            "  ret\n"
            "Nil:\n"
            "  rt_split 0\n"
            "  rt_push 0\n"
            "  rt_update 3\n"
            "  rt_pop 3\n"
            "  ret\n"
            "Nil4:\n"
            "  rt_split 0\n"
            "  rt_push_int 0\n"
            "  rt_update 1\n"
            "  rt_pop 1\n"
            "  ret\n");
}

TEST(Codegen, ProgramTable) {
  Generated g(LengthProgram);
  const llvm::GlobalVariable *table =
      g.module->getGlobalVariable("lazyc_program");
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->hasExternalLinkage());
  EXPECT_TRUE(table->isConstant());
  ASSERT_TRUE(table->hasInitializer());
  auto *init = llvm::cast<llvm::ConstantStruct>(table->getInitializer());
  ASSERT_EQ(init->getNumOperands(), 6u);
  auto field = [&](unsigned i) {
    return llvm::cast<llvm::ConstantInt>(init->getOperand(i))->getZExtValue();
  };
  EXPECT_EQ(field(0), g.program.globals.size());
  EXPECT_EQ(field(2), 4u); // False, True, Nil, Cons
  EXPECT_EQ(field(4), g.program.mainIndex);
  EXPECT_EQ(field(5), 0u);

  // globals[i] = {name, arity, code}.
  auto *globals = llvm::cast<llvm::GlobalVariable>(init->getOperand(1));
  auto *rows = llvm::cast<llvm::ConstantArray>(globals->getInitializer());
  ASSERT_EQ(rows->getNumOperands(), g.program.globals.size());
  for (unsigned i = 0; i < rows->getNumOperands(); ++i) {
    const Supercombinator &sc = g.program.globals[i];
    auto *row = llvm::cast<llvm::ConstantStruct>(rows->getOperand(i));
    auto *name = llvm::cast<llvm::GlobalVariable>(row->getOperand(0));
    EXPECT_EQ(llvm::cast<llvm::ConstantDataArray>(name->getInitializer())
                  ->getAsCString(),
              sc.name);
    EXPECT_EQ(llvm::cast<llvm::ConstantInt>(row->getOperand(1))->getZExtValue(),
              sc.arity);
    EXPECT_EQ(row->getOperand(2), g.function(sc.name)) << sc.name;
  }

  // ctors[id] = {name, arity}.
  auto *ctors = llvm::cast<llvm::GlobalVariable>(init->getOperand(3));
  auto *ctorRows = llvm::cast<llvm::ConstantArray>(ctors->getInitializer());
  ASSERT_EQ(ctorRows->getNumOperands(), 4u);
  const char *const names[] = {"False", "True", "Nil", "Cons"};
  const uint64_t arities[] = {0, 0, 0, 2};
  for (unsigned id = 0; id < 4; ++id) {
    auto *row = llvm::cast<llvm::ConstantStruct>(ctorRows->getOperand(id));
    auto *name = llvm::cast<llvm::GlobalVariable>(row->getOperand(0));
    EXPECT_EQ(llvm::cast<llvm::ConstantDataArray>(name->getInitializer())
                  ->getAsCString(),
              names[id]);
    EXPECT_EQ(llvm::cast<llvm::ConstantInt>(row->getOperand(1))->getZExtValue(),
              arities[id]);
  }
}

TEST(Codegen, ProgramTableWithOnlyTheBuiltInConstructors) {
  // Without data declarations the table still holds False and True.
  Generated g("defn main = { 1 }\ndefn f x = { main }");
  auto *init = llvm::cast<llvm::ConstantStruct>(
      g.module->getGlobalVariable("lazyc_program")->getInitializer());
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(init->getOperand(2))->getZExtValue(),
            2u);
  auto *ctors = llvm::dyn_cast<llvm::GlobalVariable>(init->getOperand(3));
  ASSERT_NE(ctors, nullptr);
  auto *ctorRows = llvm::cast<llvm::ConstantArray>(ctors->getInitializer());
  ASSERT_EQ(ctorRows->getNumOperands(), 2u);
  for (unsigned id = 0; id < 2; ++id) {
    auto *row = llvm::cast<llvm::ConstantStruct>(ctorRows->getOperand(id));
    auto *name = llvm::cast<llvm::GlobalVariable>(row->getOperand(0));
    EXPECT_EQ(llvm::cast<llvm::ConstantDataArray>(name->getInitializer())
                  ->getAsCString(),
              id == FalseId ? "False" : "True");
  }
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(init->getOperand(4))->getZExtValue(),
            0u);
  EXPECT_EQ(llvm::cast<llvm::ConstantInt>(init->getOperand(5))->getZExtValue(),
            1u); // main is referenced by f
}

// ---- Extended ---------------------------------------------------------------

/// The one switch in f.
const llvm::SwitchInst *onlySwitch(const llvm::Function *f) {
  const llvm::SwitchInst *found = nullptr;
  for (const llvm::BasicBlock &block : *f)
    for (const llvm::Instruction &i : block)
      if (auto *sw = llvm::dyn_cast<llvm::SwitchInst>(&i)) {
        EXPECT_EQ(found, nullptr) << "more than one switch";
        found = sw;
      }
  return found;
}

std::string verifyErrors(const llvm::Module &module) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (llvm::verifyModule(module, &os))
    os << "(invalid)";
  return os.str();
}

TEST(Codegen, JumpOnNumbersSwitchesOnTheIntValue) {
  Generated g("defn f n = { case n of { 0 -> { 1 } "
              "9223372036854775807 -> { 2 } m -> { m } } }\n"
              "defn main = { f 0 }");
  ASSERT_TRUE(g.module);
  EXPECT_EQ(verifyErrors(*g.module), "");
  const llvm::Function *f = g.function("f");
  ASSERT_NE(f, nullptr);
  const llvm::SwitchInst *sw = onlySwitch(f);
  ASSERT_NE(sw, nullptr);
  // The switch is on the i64 that rt_int_value reads from the evaluated
  // node, not on a constructor tag.
  auto *value = llvm::dyn_cast<llvm::CallInst>(sw->getCondition());
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->getCalledFunction()->getName(), "rt_int_value");
  EXPECT_TRUE(sw->getCondition()->getType()->isIntegerTy(64));
  std::vector<int64_t> keys;
  for (const auto &c : sw->cases())
    keys.push_back(c.getCaseValue()->getSExtValue());
  EXPECT_EQ(keys, (std::vector<int64_t>{0, INT64_MAX}));
  EXPECT_EQ(describe(f), "entry:\n"
                         "  rt_push 0\n"
                         "  rt_eval\n"
                         "  rt_int_value\n"
                         "  switch 0->0 "
                         "9223372036854775807->9223372036854775807 "
                         "default->default\n"
                         "0:\n"
                         "  rt_pop 1\n"
                         "  rt_push_int 1\n"
                         "  rt_update 1\n"
                         "  rt_pop 1\n"
                         "  ret\n"
                         "9223372036854775807:\n"
                         "  rt_pop 1\n"
                         "  rt_push_int 2\n"
                         "  rt_update 1\n"
                         "  rt_pop 1\n"
                         "  ret\n"
                         "default:\n"
                         "  rt_push 0\n"
                         "  rt_update 2\n"
                         "  rt_pop 2\n"
                         "  ret\n");
}

TEST(Codegen, JumpOnNumbersWithoutDefaultFailsAtRunTime) {
  Generated g("defn f n = { 1 + case n of { 0 -> { 5 } 1 -> { 6 } } }\n"
              "defn main = { f 0 }");
  ASSERT_TRUE(g.module);
  EXPECT_EQ(verifyErrors(*g.module), "");
  EXPECT_EQ(describe(g.function("f")), "entry:\n"
                                       "  rt_push_int 1\n"
                                       "  rt_push 1\n"
                                       "  rt_eval\n"
                                       "  rt_int_value\n"
                                       "  switch 0->0 1->1 default->nomatch\n"
                                       "join:\n"
                                       "  rt_binop 0\n"
                                       "  rt_update 1\n"
                                       "  rt_pop 1\n"
                                       "  ret\n"
                                       "nomatch:\n"
                                       "  rt_no_match\n"
                                       "  unreachable\n"
                                       "0:\n"
                                       "  rt_pop 1\n"
                                       "  rt_push_int 5\n"
                                       "  br join\n"
                                       "1:\n"
                                       "  rt_pop 1\n"
                                       "  rt_push_int 6\n"
                                       "  br join\n");
}

TEST(Codegen, IfSwitchesOnTheBoolTag) {
  Generated g("defn f b = { if b then { 1 } else { 2 } }\n"
              "defn main = { f True }");
  ASSERT_TRUE(g.module);
  EXPECT_EQ(verifyErrors(*g.module), "");
  const llvm::SwitchInst *sw = onlySwitch(g.function("f"));
  ASSERT_NE(sw, nullptr);
  EXPECT_TRUE(sw->getCondition()->getType()->isIntegerTy(32));
  EXPECT_EQ(describe(g.function("f")), "entry:\n"
                                       "  rt_push 0\n"
                                       "  rt_eval\n"
                                       "  rt_ctor_tag\n"
                                       "  switch 1->True 0->False "
                                       "default->nomatch\n"
                                       "nomatch:\n"
                                       "  rt_no_match\n"
                                       "  unreachable\n"
                                       "True:\n"
                                       "  rt_split 0\n"
                                       "  rt_push_int 1\n"
                                       "  rt_update 1\n"
                                       "  rt_pop 1\n"
                                       "  ret\n"
                                       "False:\n"
                                       "  rt_split 0\n"
                                       "  rt_push_int 2\n"
                                       "  rt_update 1\n"
                                       "  rt_pop 1\n"
                                       "  ret\n");
}

TEST(Codegen, ExtendedOperatorsAreNumberedAsInTheRuntime) {
  // % == /= < <= > >= are 4 to 10 in lazyc_rt.h.
  Generated g("defn f a b = { if a % b == 0 then { a /= b } else "
              "{ if a < b then { a <= b } else { if a > b then { a >= b } "
              "else { False } } } }\n"
              "defn main = { f 1 2 }");
  ASSERT_TRUE(g.module);
  EXPECT_EQ(verifyErrors(*g.module), "");
  std::vector<int64_t> ops;
  for (const llvm::BasicBlock &block : *g.function("f"))
    for (const llvm::Instruction &i : block)
      if (auto *call = llvm::dyn_cast<llvm::CallInst>(&i))
        if (call->getCalledFunction()->getName() == "rt_binop")
          ops.push_back(llvm::cast<llvm::ConstantInt>(call->getArgOperand(1))
                            ->getSExtValue());
  std::sort(ops.begin(), ops.end());
  EXPECT_EQ(ops, (std::vector<int64_t>{4, 5, 6, 7, 8, 9, 10}));
}

TEST(Codegen, LocalValuesAndLiftedFunctions) {
  Generated g("defn f n = { let { defn y = { n * 2 } defn add x = { x + y } } "
              "in { add y } }\n"
              "defn main = { f 1 + (\\x -> { x }) 2 }");
  ASSERT_TRUE(g.module);
  EXPECT_EQ(verifyErrors(*g.module), "");
  std::vector<std::string> names;
  for (const Supercombinator &sc : g.program.globals) {
    names.push_back(sc.name);
    const llvm::Function *f = g.function(sc.name);
    ASSERT_NE(f, nullptr) << sc.name;
    EXPECT_FALSE(f->isDeclaration()) << sc.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"f", "main", "f$add",
                                             "main$lambda1", "*"}));
  // Alloc becomes rt_alloc; the local value's Update and the final Slide
  // are the runtime's.
  EXPECT_EQ(describe(g.function("f")), "entry:\n"
                                       "  rt_alloc 1\n"
                                       "  rt_push_int 2\n"
                                       "  rt_push 2\n"
                                       "  rt_push_global 4\n"
                                       "  rt_mkapp\n"
                                       "  rt_mkapp\n"
                                       "  rt_update 0\n"
                                       "  rt_push 0\n"
                                       "  rt_push 1\n"
                                       "  rt_push_global 2\n"
                                       "  rt_mkapp\n"
                                       "  rt_mkapp\n"
                                       "  rt_update 2\n"
                                       "  rt_pop 2\n"
                                       "  ret\n");
}

} // namespace
} // namespace lazyc
