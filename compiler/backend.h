//===- backend.h - Optimisation, object file and linking --------*- C++ -*-===//
//
// Turns an LLVM module into a native executable for the host: runs LLVM's
// optimisation pipeline at the chosen level, writes an object file through a
// TargetMachine, and links it with the runtime library by the system C
// compiler driver. The runtime library is found next to the lazyc executable,
// in the build tree or in an installed prefix.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_BACKEND_H
#define LAZYC_BACKEND_H

#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace lazyc {

/// A TargetMachine for the host, producing position-independent code.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(unsigned optLevel);

/// Sets the module's target and runs the O0..O3 pipeline over it.
void optimize(llvm::Module &module, llvm::TargetMachine &target,
              unsigned optLevel);

/// Writes the module's object code to path; at -O0's code generation level
/// if it holds a function left unoptimised (optnone).
llvm::Error writeObject(llvm::Module &module, llvm::TargetMachine &target,
                        llvm::StringRef path);

/// The runtime library (liblazyc_rt.a), or an error saying where it was
/// looked for.
llvm::Expected<std::string> findRuntimeLibrary();

llvm::Error linkExecutable(llvm::StringRef object, llvm::StringRef runtime,
                           llvm::StringRef output);

} // namespace lazyc

#endif
