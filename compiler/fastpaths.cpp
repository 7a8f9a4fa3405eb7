//===- fastpaths.cpp - The runtime's fast paths as LLVM IR ----------------===//

#include "fastpaths.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>

namespace lazyc {

// Defined by the file the build generates from runtime/fastpath.c.
extern const unsigned char FastPathBitcode[];
extern const size_t FastPathBitcodeSize;

namespace {

const char *const FastPathNames[] = {
#define LAZYC_FAST_PATH_NAME(name) "lazyc_fp_" #name,
    LAZYC_FAST_PATHS(LAZYC_FAST_PATH_NAME)
#undef LAZYC_FAST_PATH_NAME
};

} // namespace

std::unique_ptr<llvm::Module> loadFastPaths(llvm::LLVMContext &context,
                                            llvm::StringRef moduleName) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(FastPathBitcode),
                        FastPathBitcodeSize);
  auto module = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(bytes, "fastpath.bc"), context);
  if (!module)
    llvm::report_fatal_error(
        "lazyc's embedded runtime bitcode is unreadable: " +
        llvm::Twine(llvm::toString(module.takeError())));
  (*module)->setModuleIdentifier(moduleName);
  (*module)->setSourceFileName(moduleName);
  for (const char *name : FastPathNames) {
    llvm::Function *f = (*module)->getFunction(name);
    if (!f || f->isDeclaration())
      llvm::report_fatal_error(llvm::Twine("lazyc's embedded runtime bitcode "
                                           "lacks the fast path ") +
                               name);
    f->setLinkage(llvm::GlobalValue::InternalLinkage);
    f->removeFnAttr(llvm::Attribute::NoInline);
    f->removeFnAttr(llvm::Attribute::OptimizeNone);
    f->addFnAttr(llvm::Attribute::AlwaysInline);
  }
  return std::move(*module);
}

llvm::Function *fastPath(const llvm::Module &module, FastPath which) {
  return module.getFunction(FastPathNames[size_t(which)]);
}

} // namespace lazyc
