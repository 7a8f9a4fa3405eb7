//===- driver.cpp - Runs the phases of the compiler -----------------------===//

#include "driver.h"

#include "backend.h"
#include "codegen.h"
#include "coverage.h"
#include "diagnostics.h"
#include "gcompile.h"
#include "infer.h"
#include "lift.h"
#include "names.h"
#include "parse.h"
#include "passes/passes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/thread.h"

#include <climits>

namespace lazyc {

namespace {

/// Deeply nested source gives deeply recursive phases: they run on a thread
/// whose stack is large enough for any input that fits in memory.
constexpr unsigned CompilerStackBytes = 1u << 30;

int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "lazyc") << message << '\n';
  return 1;
}

int fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}

/// Writes text to path, or standard output for "-".
int writeText(llvm::StringRef path,
              llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string name =
      path == "-" ? std::string("standard output") : "'" + path.str() + "'";
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail("cannot write " + name + ": " + ec.message());
  write(out.os());
  out.os().flush();
  if (std::error_code error = out.os().error()) {
    out.os().clear_error(); // reported here, not again by LLVM at exit
    return fail("cannot write " + name + ": " + error.message());
  }
  out.keep();
  return 0;
}

/// prog.txt compiles to prog, as a Haskell compiler would name it.
std::string defaultExecutableName(llvm::StringRef input) {
  llvm::StringRef stem = llvm::sys::path::stem(input);
  return stem == llvm::sys::path::filename(input) || stem.empty()
             ? "a.out"
             : stem.str();
}

int link(llvm::Module &module, llvm::TargetMachine &target,
         const std::string &output) {
  llvm::Expected<std::string> runtime = findRuntimeLibrary();
  if (!runtime)
    return fail(runtime.takeError());
  // Fail before the work if the output cannot be written.
  {
    std::error_code ec;
    llvm::ToolOutputFile probe(output, ec, llvm::sys::fs::OF_None);
    if (ec)
      return fail("cannot write '" + output + "': " + ec.message());
  }
  llvm::SmallString<128> object;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("lazyc", "o", object))
    return fail("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeObject(object);
  if (llvm::Error e = writeObject(module, target, object))
    return fail(std::move(e));
  if (llvm::Error e = linkExecutable(object, *runtime, output)) {
    llvm::sys::fs::remove(output);
    return fail(std::move(e));
  }
  return 0;
}

} // namespace

std::optional<core::Program> compileToCore(llvm::SourceMgr &sources,
                                           const Options &options,
                                           llvm::raw_ostream &errors) {
  const llvm::MemoryBuffer &source =
      *sources.getMemoryBuffer(sources.getMainFileID());
  Diagnostics diags(sources);
  diags.setWarningsAreErrors(options.warningsAreErrors);

  // Each phase reports all of its errors; a later phase runs only on a
  // program the earlier ones accepted.
  Program program = parse(source, diags);
  diags.flush(errors);
  if (diags.hasErrors())
    return std::nullopt;
  SymbolTable symbols = checkNames(program, diags);
  diags.flush(errors);
  if (diags.hasErrors())
    return std::nullopt;
  ProgramTypes types = inferTypes(program, symbols, diags);
  diags.flush(errors);
  if (diags.hasErrors())
    return std::nullopt;
  if (options.incompletePatterns)
    checkCoverage(program, symbols, diags);
  diags.flush(errors);
  if (diags.hasErrors())
    return std::nullopt;

  core::Program core = lift(program, symbols, types);
  if (options.optLevel > 0)
    for (const passes::Pass &pass : passes::all())
      if (!options.disabledPasses.count(pass.name))
        pass.run(core);
  return core;
}

namespace {

int runPhases(const Options &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(options.input, /*IsText=*/true);
  if (!file)
    return fail("cannot read '" + options.input + "': " +
                file.getError().message());
  if ((*file)->getBufferSize() > INT_MAX)
    return fail("'" + options.input + "' is too large (at most 2 GiB)");
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  std::optional<core::Program> compiled =
      compileToCore(sources, options, llvm::errs());
  if (!compiled)
    return 1;
  core::Program &core = *compiled;
  if (options.emit == Options::Emit::Core)
    return writeText(options.output.empty() ? "-" : options.output,
                     [&](llvm::raw_ostream &os) { core::print(core, os); });
  GProgram gprogram = compileProgram(core, SchemeOptions{options.strict});
  if (options.emit == Options::Emit::GMachine)
    return writeText(options.output.empty() ? "-" : options.output,
                     [&](llvm::raw_ostream &os) { print(gprogram, os); });

  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module =
      generateModule(gprogram, context, options.input);
  auto target = createHostTargetMachine(options.optLevel);
  if (!target)
    return fail(target.takeError());
  optimize(*module, **target, options.optLevel);
  if (options.emit == Options::Emit::LLVM)
    return writeText(options.output.empty() ? "-" : options.output,
                     [&](llvm::raw_ostream &os) { module->print(os, nullptr); });
  return link(*module, **target,
              options.output.empty() ? defaultExecutableName(options.input)
                                     : options.output);
}

} // namespace

int compile(const Options &options) {
  int status = 1;
  llvm::thread worker(std::optional<unsigned>(CompilerStackBytes),
                      [&] { status = runPhases(options); });
  worker.join();
  return status;
}

} // namespace lazyc
