//===- codegen.cpp - G-machine code to LLVM IR ----------------------------===//

#include "codegen.h"

#include "lazyc_rt.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/ErrorHandling.h"

namespace lazyc {

namespace {

class ModuleBuilder {
public:
  ModuleBuilder(const GProgram &program, llvm::LLVMContext &context,
                llvm::StringRef name)
      : program(program), context(context),
        module(std::make_unique<llvm::Module>(name, context)),
        builder(context), ptrTy(llvm::PointerType::getUnqual(context)),
        i32(builder.getInt32Ty()), i64(builder.getInt64Ty()) {
    declareRuntime();
  }

  std::unique_ptr<llvm::Module> run() {
    for (const Supercombinator &sc : program.globals)
      functions.push_back(llvm::Function::Create(
          llvm::FunctionType::get(builder.getVoidTy(), {ptrTy}, false),
          llvm::Function::InternalLinkage, "sc." + sc.name, *module));
    for (size_t i = 0; i < program.globals.size(); ++i)
      defineFunction(program.globals[i], functions[i]);
    defineProgramTable();
    if (llvm::verifyModule(*module, &llvm::errs()))
      llvm::report_fatal_error("lazyc generated an invalid LLVM module");
    return std::move(module);
  }

private:
  const GProgram &program;
  llvm::LLVMContext &context;
  std::unique_ptr<llvm::Module> module;
  llvm::IRBuilder<> builder;
  llvm::PointerType *ptrTy;
  llvm::IntegerType *i32, *i64;
  std::vector<llvm::Function *> functions;
  llvm::Value *gm = nullptr; // the G-machine argument of the current function

  llvm::FunctionCallee rtPush, rtPushInt, rtPushGlobal, rtMkApp, rtSlide,
      rtPop, rtUpdate, rtPack, rtSplit, rtCtorTag, rtIntValue, rtEval, rtBinOp,
      rtAlloc, rtNoMatch;

  llvm::FunctionCallee declare(const char *name, llvm::Type *result,
                               llvm::ArrayRef<llvm::Type *> params) {
    return module->getOrInsertFunction(
        name, llvm::FunctionType::get(result, params, false));
  }

  void declareRuntime() {
    llvm::Type *voidTy = builder.getVoidTy();
    rtPush = declare("rt_push", voidTy, {ptrTy, i64});
    rtPushInt = declare("rt_push_int", voidTy, {ptrTy, i64});
    rtPushGlobal = declare("rt_push_global", voidTy, {ptrTy, i32});
    rtMkApp = declare("rt_mkapp", voidTy, {ptrTy});
    rtSlide = declare("rt_slide", voidTy, {ptrTy, i64});
    rtPop = declare("rt_pop", voidTy, {ptrTy, i64});
    rtUpdate = declare("rt_update", voidTy, {ptrTy, i64});
    rtPack = declare("rt_pack", voidTy, {ptrTy, i32, i32});
    rtSplit = declare("rt_split", voidTy, {ptrTy, i32});
    rtCtorTag = declare("rt_ctor_tag", i32, {ptrTy});
    rtIntValue = declare("rt_int_value", i64, {ptrTy});
    rtEval = declare("rt_eval", voidTy, {ptrTy});
    rtBinOp = declare("rt_binop", voidTy, {ptrTy, i32});
    rtAlloc = declare("rt_alloc", voidTy, {ptrTy, i64});
    rtNoMatch = declare("rt_no_match", voidTy, {ptrTy});
    llvm::cast<llvm::Function>(rtNoMatch.getCallee())
        ->addFnAttr(llvm::Attribute::NoReturn);
  }

  void defineFunction(const Supercombinator &sc, llvm::Function *f) {
    f->addFnAttr(llvm::Attribute::NoUnwind);
    gm = f->getArg(0);
    builder.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", f));
    emitCode(sc.code);
  }

  static uint32_t runtimeBinOp(BinaryOp op) {
    switch (op) {
    case BinaryOp::Add:
      return BINOP_ADD;
    case BinaryOp::Sub:
      return BINOP_SUB;
    case BinaryOp::Mul:
      return BINOP_MUL;
    case BinaryOp::Div:
      return BINOP_DIV;
    case BinaryOp::Mod:
      return BINOP_MOD;
    case BinaryOp::Eq:
      return BINOP_EQ;
    case BinaryOp::Ne:
      return BINOP_NE;
    case BinaryOp::Lt:
      return BINOP_LT;
    case BinaryOp::Le:
      return BINOP_LE;
    case BinaryOp::Gt:
      return BINOP_GT;
    case BinaryOp::Ge:
      return BINOP_GE;
    }
    llvm_unreachable("unknown operator");
  }

  void emitCode(const Code &code) {
    for (const Instruction &i : code)
      emitInstruction(i);
  }

  void emitInstruction(const Instruction &i) {
    llvm::Value *n64 = builder.getInt64(uint64_t(i.n));
    switch (i.op) {
    case Op::Push:
      builder.CreateCall(rtPush, {gm, n64});
      return;
    case Op::PushInt:
      builder.CreateCall(rtPushInt, {gm, n64});
      return;
    case Op::PushGlobal:
      builder.CreateCall(rtPushGlobal, {gm, builder.getInt32(uint32_t(i.n))});
      return;
    case Op::MkApp:
      builder.CreateCall(rtMkApp, {gm});
      return;
    case Op::Slide:
      builder.CreateCall(rtSlide, {gm, n64});
      return;
    case Op::Update:
      builder.CreateCall(rtUpdate, {gm, n64});
      return;
    case Op::Pop:
      builder.CreateCall(rtPop, {gm, n64});
      return;
    case Op::Pack:
      builder.CreateCall(rtPack, {gm, builder.getInt32(i.ctor),
                                  builder.getInt32(uint32_t(i.n))});
      return;
    case Op::Split:
      builder.CreateCall(rtSplit, {gm, builder.getInt32(uint32_t(i.n))});
      return;
    case Op::Jump:
      emitJump(i);
      return;
    case Op::Eval:
      builder.CreateCall(rtEval, {gm});
      return;
    case Op::BinOp:
      builder.CreateCall(rtBinOp, {gm, builder.getInt32(runtimeBinOp(i.binop))});
      return;
    case Op::Alloc:
      builder.CreateCall(rtAlloc, {gm, n64});
      return;
    case Op::Unwind:
      builder.CreateRetVoid();
      return;
    }
  }

  /// A switch on the constructor tag or the number; branches that do not
  /// end in Unwind continue after the Jump.
  void emitJump(const Instruction &jump) {
    if (jump.branches.size() == 1 && !jump.branches[0].key) {
      // Only a variable pattern: no constructor to look at.
      emitCode(jump.branches[0].code);
      return;
    }
    llvm::Function *f = builder.GetInsertBlock()->getParent();
    llvm::Value *tag = jump.onNumber ? builder.CreateCall(rtIntValue, {gm})
                                     : builder.CreateCall(rtCtorTag, {gm});
    auto *join = llvm::BasicBlock::Create(context, "join", f);
    auto *noMatch = llvm::BasicBlock::Create(context, "nomatch", f);
    llvm::SwitchInst *sw = builder.CreateSwitch(tag, noMatch);
    for (const JumpBranch &b : jump.branches) {
      std::string label = !b.key          ? "default"
                          : jump.onNumber ? std::to_string(*b.key)
                                          : program.constructors[*b.key].name;
      auto *block = llvm::BasicBlock::Create(context, label, f);
      if (!b.key)
        sw->setDefaultDest(block);
      else if (jump.onNumber)
        sw->addCase(builder.getInt64(uint64_t(*b.key)), block);
      else
        sw->addCase(builder.getInt32(uint32_t(*b.key)), block);
      builder.SetInsertPoint(block);
      emitCode(b.code);
      // A nested Jump whose branches all returned leaves no open block.
      if (builder.GetInsertBlock() && !builder.GetInsertBlock()->getTerminator())
        builder.CreateBr(join);
    }
    if (sw->getDefaultDest() == noMatch) {
      builder.SetInsertPoint(noMatch);
      builder.CreateCall(rtNoMatch, {gm});
      builder.CreateUnreachable();
    } else {
      noMatch->eraseFromParent();
    }
    if (join->hasNPredecessors(0)) {
      // Every branch returned: nothing can follow this Jump.
      join->eraseFromParent();
      builder.ClearInsertionPoint();
      return;
    }
    builder.SetInsertPoint(join);
  }

  llvm::Constant *cString(llvm::StringRef text, const llvm::Twine &name) {
    auto *init = llvm::ConstantDataArray::getString(context, text);
    auto *var = new llvm::GlobalVariable(*module, init->getType(), true,
                                         llvm::GlobalValue::PrivateLinkage,
                                         init, name);
    var->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return var;
  }

  template <typename Entry>
  llvm::Constant *table(llvm::StructType *entryTy,
                        const std::vector<Entry> &entries,
                        const char *name) {
    if (entries.empty())
      return llvm::ConstantPointerNull::get(ptrTy);
    auto *arrayTy = llvm::ArrayType::get(entryTy, entries.size());
    std::vector<llvm::Constant *> rows;
    for (size_t i = 0; i < entries.size(); ++i)
      rows.push_back(row(entryTy, entries[i], i));
    return new llvm::GlobalVariable(*module, arrayTy, true,
                                    llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(arrayTy, rows),
                                    name);
  }

  llvm::Constant *row(llvm::StructType *ty, const Supercombinator &sc,
                      size_t index) {
    return llvm::ConstantStruct::get(
        ty, {cString(sc.name, "name.global"), builder.getInt32(sc.arity),
             functions[index]});
  }

  llvm::Constant *row(llvm::StructType *ty, const ConstructorEntry &ctor,
                      size_t) {
    return llvm::ConstantStruct::get(
        ty, {cString(ctor.name, "name.ctor"), builder.getInt32(ctor.arity)});
  }

  /// const struct lazyc_program lazyc_program = {...}; see lazyc_rt.h.
  void defineProgramTable() {
    auto *globalInfoTy = llvm::StructType::create(
        context, {ptrTy, i32, ptrTy}, "lazyc_global_info");
    auto *ctorInfoTy =
        llvm::StructType::create(context, {ptrTy, i32}, "lazyc_ctor_info");
    auto *programTy = llvm::StructType::create(
        context, {i32, ptrTy, i32, ptrTy, i32, i32}, "lazyc_program");
    auto *init = llvm::ConstantStruct::get(
        programTy,
        {builder.getInt32(uint32_t(program.globals.size())),
         table(globalInfoTy, program.globals, "lazyc.globals"),
         builder.getInt32(uint32_t(program.constructors.size())),
         table(ctorInfoTy, program.constructors, "lazyc.ctors"),
         builder.getInt32(program.mainIndex),
         builder.getInt32(program.mainIsReferenced ? 1 : 0)});
    new llvm::GlobalVariable(*module, programTy, true,
                             llvm::GlobalValue::ExternalLinkage, init,
                             "lazyc_program");
  }
};

} // namespace

std::unique_ptr<llvm::Module> generateModule(const GProgram &program,
                                             llvm::LLVMContext &context,
                                             llvm::StringRef moduleName) {
  return ModuleBuilder(program, context, moduleName).run();
}

} // namespace lazyc
