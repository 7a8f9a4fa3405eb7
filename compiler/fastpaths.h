//===- fastpaths.h - The runtime's fast paths as LLVM IR --------*- C++ -*-===//
//
// The fast paths of lazyc_rt.h (allocation, evaluation's quick test,
// updates, field access), compiled by clang to LLVM bitcode when lazyc is
// built and embedded in it. Every program is generated into a module that
// starts as this one, so that LLVM inlines the fast paths into the code
// that calls them; their slow paths stay calls into the runtime library.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_FASTPATHS_H
#define LAZYC_FASTPATHS_H

#include "lazyc_rt.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <memory>

namespace lazyc {

/// One enumerator per fast path of LAZYC_FAST_PATHS (lazyc_rt.h).
enum class FastPath {
#define LAZYC_FAST_PATH_ENUMERATOR(name) name,
  LAZYC_FAST_PATHS(LAZYC_FAST_PATH_ENUMERATOR)
#undef LAZYC_FAST_PATH_ENUMERATOR
};

/// A module holding every fast path, internal and always inlined.
std::unique_ptr<llvm::Module> loadFastPaths(llvm::LLVMContext &context,
                                            llvm::StringRef moduleName);

/// The function of a fast path in a module made by loadFastPaths.
llvm::Function *fastPath(const llvm::Module &module, FastPath which);

} // namespace lazyc

#endif
