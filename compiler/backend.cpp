//===- backend.cpp - Optimisation, object file and linking ----------------===//

#include "backend.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

namespace lazyc {

static llvm::CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

/// Generated code copies frame slots in pairs (a call's arguments, a
/// thunk's fields); the instruction selector would merge two such copies
/// into one 16-byte load and store. When the two slots were written by
/// separate stores just before, as in a loop's frame, that load cannot be
/// forwarded from them and waits for both to reach the cache: a tail-
/// recursive loop such as remN n d = ... remN (minus n d) d ran 16%
/// slower for it (bench/programs/primes). LLVM offers no target option
/// for it, only its command-line switch, which lazyc sets once.
static void keepSlotCopiesApart() {
  llvm::StringMap<llvm::cl::Option *> &options =
      llvm::cl::getRegisteredOptions();
  auto it = options.find("combiner-store-merging");
  if (it != options.end())
    static_cast<llvm::cl::opt<bool> *>(it->second)->setValue(false);
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(unsigned optLevel) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::string triple = llvm::sys::getDefaultTargetTriple();
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  keepSlotCopiesApart();
  llvm::TargetOptions options;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, "generic", "", options, llvm::Reloc::PIC_, std::nullopt,
      codeGenLevel(optLevel)));
}

static llvm::OptimizationLevel passLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::OptimizationLevel::O0;
  case 1:
    return llvm::OptimizationLevel::O1;
  case 2:
    return llvm::OptimizationLevel::O2;
  default:
    return llvm::OptimizationLevel::O3;
  }
}

void optimize(llvm::Module &module, llvm::TargetMachine &target,
              unsigned optLevel) {
  module.setTargetTriple(target.getTargetTriple().str());
  module.setDataLayout(target.createDataLayout());

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  // The standard instrumentations skip the passes on optnone functions
  // (codegen.cpp leaves huge ones unoptimised), as in LLVM's own tools.
  llvm::PassInstrumentationCallbacks callbacks;
  llvm::StandardInstrumentations instrumentations(module.getContext(),
                                                  /*DebugLogging=*/false);
  instrumentations.registerCallbacks(callbacks, &modules);
  llvm::PassBuilder passes(&target, llvm::PipelineTuningOptions(), std::nullopt,
                           &callbacks);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(sccs);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager pipeline =
      optLevel == 0 ? passes.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
                    : passes.buildPerModuleDefaultPipeline(passLevel(optLevel));
  pipeline.run(module, modules);
}

llvm::Error writeObject(llvm::Module &module, llvm::TargetMachine &target,
                        llvm::StringRef path) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createFileError(path, ec);
  // The register allocator and instruction selection of -O1 and up take
  // time superlinear in a huge function too (a 20,000-deep constructor
  // literal: minutes); the level is the module's, so a module with a
  // function left unoptimised (codegen.cpp) is generated at -O0.
  if (llvm::any_of(module,
                   [](const llvm::Function &f) { return f.hasOptNone(); }))
    target.setOptLevel(llvm::CodeGenOptLevel::None);
  llvm::legacy::PassManager emitter;
  if (target.addPassesToEmitFile(emitter, out, nullptr,
                                 llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the target cannot emit object files");
  emitter.run(module);
  out.flush();
  if (std::error_code error = out.error()) {
    out.clear_error(); // reported by the caller, not again by LLVM
    return llvm::createFileError(path, error);
  }
  return llvm::Error::success();
}

llvm::Expected<std::string> findRuntimeLibrary() {
  // Any symbol of this executable locates it.
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable("lazyc", &anchor);
  llvm::StringRef binDir = llvm::sys::path::parent_path(exe);
  llvm::StringRef prefix = llvm::sys::path::parent_path(binDir);
  const char *const candidates[][2] = {
      {LAZYC_RUNTIME_INSTALL_DIR, "liblazyc_rt.a"}, // installed prefix
      {"runtime", "liblazyc_rt.a"},                 // build tree
  };
  std::string tried;
  for (const auto &candidate : candidates) {
    llvm::SmallString<256> path(prefix);
    llvm::sys::path::append(path, candidate[0], candidate[1]);
    if (llvm::sys::fs::exists(path))
      return std::string(path);
    tried += (tried.empty() ? "" : ", ") + std::string(path);
  }
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "cannot find the runtime library (looked at " +
                                     tried + ")");
}

/// The C compiler driver that links, and the sanitizers it links with: a
/// build with LAZYC_SANITIZE links its sanitized runtime with its own C
/// compiler and sanitizers (CMakeLists.txt), any other with the system's cc.
#ifdef LAZYC_LINK_SANITIZE
static constexpr llvm::StringLiteral LinkDriver = LAZYC_LINK_DRIVER;
static constexpr llvm::StringLiteral LinkSanitize = LAZYC_LINK_SANITIZE;
#else
static constexpr llvm::StringLiteral LinkDriver = "cc";
static constexpr llvm::StringLiteral LinkSanitize = "";
#endif

llvm::Error linkExecutable(llvm::StringRef object, llvm::StringRef runtime,
                           llvm::StringRef output) {
  llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName(LinkDriver);
  if (!cc)
    return llvm::createStringError(cc.getError(),
                                   "cannot find the C compiler driver '" +
                                       llvm::Twine(LinkDriver) + "'");
  llvm::SmallString<128> log;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("lazyc-link", "log", log))
    return llvm::createFileError(log, ec);
  llvm::FileRemover removeLog(log);
  std::string outputArg = output.str();
  llvm::SmallVector<llvm::StringRef, 8> args = {*cc,    "-o",    outputArg,
                                                object, runtime, "-lpthread"};
  if (!LinkSanitize.empty())
    args.push_back(LinkSanitize);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log, log};
  std::string error;
  int status = llvm::sys::ExecuteAndWait(*cc, args, std::nullopt, redirects, 0,
                                         0, &error);
  if (status == 0)
    return llvm::Error::success();
  std::string message = "linking failed";
  if (!error.empty())
    message += ": " + error;
  if (auto text = llvm::MemoryBuffer::getFile(log))
    message += "\n" + (*text)->getBuffer().rtrim().str();
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

} // namespace lazyc
