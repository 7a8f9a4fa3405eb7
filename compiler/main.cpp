//===- main.cpp - The lazyc command line ----------------------------------===//
//
// Parses the command line and hands the options to the driver.
//
//===----------------------------------------------------------------------===//

#include "driver.h"
#include "passes/passes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace cl = llvm::cl;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::OptionCategory category("lazyc options");
  cl::opt<std::string> input(cl::Positional, cl::Required,
                             cl::desc("<program file>"), cl::cat(category));
  cl::opt<std::string> output(
      "o", cl::desc("Write the output to <file> (default: the program's name "
                    "without extension; '-' is standard output for text)"),
      cl::value_desc("file"), cl::cat(category));
  cl::opt<bool> emitCore(
      "emit-core",
      cl::desc("Print the Core IR of every function (after lifting and the "
               "passes) and stop"),
      cl::cat(category));
  cl::opt<bool> emitGMachine(
      "emit-gmachine",
      cl::desc("Print the G-machine code of every function and stop"),
      cl::cat(category));
  cl::opt<bool> emitLLVM("emit-llvm",
                         cl::desc("Write the LLVM IR instead of an executable"),
                         cl::cat(category));
  cl::opt<bool> noStrict(
      "fno-strict",
      cl::desc("Compile with the plain G-machine scheme: every call through "
               "the unwind loop, every value boxed"),
      cl::cat(category));
  // -fno-NAME for each Core pass (cl::opt keeps references to its strings).
  std::deque<std::string> passText;
  std::vector<std::unique_ptr<cl::opt<bool>>> passOff;
  for (const lazyc::passes::Pass &pass : lazyc::passes::all()) {
    llvm::StringRef name = passText.emplace_back(std::string("fno-") + pass.name);
    llvm::StringRef desc =
        passText.emplace_back(std::string("Do not ") + pass.description);
    passOff.push_back(std::make_unique<cl::opt<bool>>(name, cl::desc(desc),
                                                      cl::cat(category)));
  }
  cl::opt<bool> noIncompletePatterns(
      "Wno-incomplete-patterns",
      cl::desc("Do not warn about a case that misses constructors of its "
               "type"),
      cl::cat(category));
  cl::opt<bool> warningsAreErrors("Werror",
                                  cl::desc("Report every warning as an error"),
                                  cl::cat(category));
  cl::opt<unsigned> optLevel(
      "O", cl::Prefix, cl::init(2), cl::value_desc("level"),
      cl::desc("Optimisation level: -O0 (no Core passes, LLVM's -O0), -O1, "
               "-O2 (default) or -O3"),
      cl::cat(category));

  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "lazyc " LAZYC_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "lazyc: compiles a lazy functional program to a native executable\n\n"
      "  lazyc prog.txt -o prog   then   ./prog   prints the value of main\n");

  if (optLevel > 3) {
    llvm::errs() << "lazyc: error: unknown optimisation level -O" << optLevel
                 << " (use -O0 to -O3)\n";
    return 1;
  }
  if (emitCore + emitGMachine + emitLLVM > 1) {
    llvm::errs() << "lazyc: error: --emit-core, --emit-gmachine and "
                    "--emit-llvm exclude each other\n";
    return 1;
  }
  lazyc::Options options;
  options.input = input;
  options.output = output;
  options.optLevel = optLevel;
  options.strict = !noStrict;
  options.incompletePatterns = !noIncompletePatterns;
  options.warningsAreErrors = warningsAreErrors;
  for (size_t i = 0; i < passOff.size(); ++i)
    if (*passOff[i])
      options.disabledPasses.insert(lazyc::passes::all()[i].name);
  if (emitCore)
    options.emit = lazyc::Options::Emit::Core;
  else if (emitGMachine)
    options.emit = lazyc::Options::Emit::GMachine;
  else if (emitLLVM)
    options.emit = lazyc::Options::Emit::LLVM;
  return lazyc::compile(options);
}
