//===- codegen.h - G-machine code to LLVM IR --------------------*- C++ -*-===//
//
// Builds an LLVM module from a G-machine program: one function per
// supercombinator, whose instructions become calls of the runtime's rt_*
// functions (Jump becomes a switch on the constructor tag, Unwind a return to
// the runtime's unwind loop), and the lazyc_program tables that the runtime
// reads at start-up. runtime/lazyc_rt.h is the contract for both.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_CODEGEN_H
#define LAZYC_CODEGEN_H

#include "gmachine.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <memory>

namespace lazyc {

std::unique_ptr<llvm::Module> generateModule(const GProgram &program,
                                             llvm::LLVMContext &context,
                                             llvm::StringRef moduleName);

} // namespace lazyc

#endif
