// cli_test.cpp - the lazyc command line: options, emitted forms, and the
// errors a user meets before any program is compiled (missing input,
// unwritable output), run against the built lazyc executable.

#include "process.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace lazyc::test;

namespace {

class Cli : public ::testing::Test {
protected:
  void SetUp() override {
    char templ[] = "/tmp/lazyc-cli-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir = templ;
    write("length.txt", "data List = { Nil, Cons Int List }\n"
                        "defn length l = {\n"
                        "  case l of {\n"
                        "    Nil -> { 0 }\n"
                        "    Cons x xs -> { 1 + length xs }\n"
                        "  }\n"
                        "}\n"
                        "defn main = { length (Cons 1 (Cons 2 (Cons 3 Nil))) }\n");
  }
  void TearDown() override {
    runProcess({"/bin/rm", "-rf", dir}, "/", 30);
  }

  void write(const std::string &name, const std::string &text) {
    std::ofstream(dir + "/" + name) << text;
  }

  ProcessResult lazyc(std::vector<std::string> args) {
    args.insert(args.begin(), LAZYC_PATH);
    return runProcess(args, dir, 120);
  }

  std::string dir;
};

TEST_F(Cli, CompilesToTheNamedExecutable) {
  ProcessResult r = lazyc({"length.txt", "-o", "prog"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  ProcessResult run = runProcess({dir + "/prog"}, dir, 30);
  EXPECT_EQ(run.exitCode, 0);
  EXPECT_EQ(run.out, "3\n");
}

TEST_F(Cli, DefaultOutputIsTheProgramNameWithoutExtension) {
  ASSERT_EQ(lazyc({"length.txt"}).exitCode, 0);
  EXPECT_EQ(runProcess({dir + "/length"}, dir, 30).out, "3\n");
}

TEST_F(Cli, BothOptimisationLevelsGiveTheSameAnswer) {
  for (const char *level : {"-O0", "-O2"}) {
    ASSERT_EQ(lazyc({level, "length.txt", "-o", "prog"}).exitCode, 0) << level;
    EXPECT_EQ(runProcess({dir + "/prog"}, dir, 30).out, "3\n") << level;
  }
}

TEST_F(Cli, EmitGMachinePrintsEveryFunction) {
  ProcessResult r = lazyc({"--emit-gmachine", "length.txt"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("length (arity 1, Int result):\n  Eval 0\n  Push 0\n"
                       "  Jump\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("main (arity 0):"), std::string::npos);
  EXPECT_NE(r.out.find("    Cons:\n      Split 2\n"), std::string::npos);
}

TEST_F(Cli, EmitCorePrintsTheLiftedProgram) {
  ProcessResult r = lazyc({"--emit-core", "length.txt"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // length evaluates its list: its strictness signature says so.
  EXPECT_NE(r.out.find("length :: List -> Int\n-- Str=<S>\nlength l =\n"
                       "  case l of\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("main :: Int\n"), std::string::npos);
  EXPECT_EQ(lazyc({"--emit-core", "--emit-llvm", "length.txt"}).exitCode, 1);
  ProcessResult lazy = lazyc({"--emit-core", "-fno-strictness", "length.txt"});
  EXPECT_NE(lazy.out.find("length :: List -> Int\nlength l =\n"),
            std::string::npos)
      << lazy.out;
}

TEST_F(Cli, ThePlainSchemeGivesTheSameAnswer) {
  ASSERT_EQ(lazyc({"-fno-strict", "length.txt", "-o", "plain"}).exitCode, 0);
  EXPECT_EQ(runProcess({dir + "/plain"}, dir, 30).out, "3\n");
  ProcessResult r = lazyc({"-fno-strict", "--emit-gmachine", "length.txt"});
  EXPECT_NE(r.out.find("length (arity 1):\n  Push 0\n  Eval 0\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Call"), std::string::npos) << r.out;
}

TEST_F(Cli, EmitLlvmWritesTheModule) {
  ProcessResult r = lazyc({"--emit-llvm", "length.txt", "-o", "prog.ll"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string ir = readFile(dir + "/prog.ll");
  EXPECT_NE(ir.find("@lazyc_program = "), std::string::npos);
  EXPECT_NE(ir.find("@length.entry("), std::string::npos);
  EXPECT_FALSE(fileExists(dir + "/length")) << "no executable is linked";
}

TEST_F(Cli, VersionAndHelp) {
  ProcessResult version = lazyc({"--version"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_EQ(version.out.rfind("lazyc ", 0), 0u) << version.out;
  ProcessResult help = lazyc({"--help"});
  EXPECT_EQ(help.exitCode, 0);
  for (const char *option : {"--emit-core", "--emit-gmachine", "--emit-llvm",
                             "-fno-strict", "-o", "-O"})
    EXPECT_NE(help.out.find(option), std::string::npos) << option;
}

TEST_F(Cli, MissingInputIsAClearError) {
  ProcessResult r = lazyc({"nothere.txt", "-o", "prog"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "lazyc: error: cannot read 'nothere.txt': No such file or "
                   "directory\n");
  EXPECT_FALSE(fileExists(dir + "/prog"));
}

TEST_F(Cli, UnwritableOutputIsAClearError) {
  ProcessResult r = lazyc({"length.txt", "-o", "no/such/dir/prog"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "lazyc: error: cannot write 'no/such/dir/prog': No such "
                   "file or directory\n");
}

TEST_F(Cli, AFullDeviceIsOneClearError) {
  for (const char *form : {"--emit-llvm", "--emit-core", "--emit-gmachine"}) {
    ProcessResult r = lazyc({form, "length.txt", "-o", "/dev/full"});
    EXPECT_EQ(r.exitCode, 1) << form;
    EXPECT_EQ(r.err, "lazyc: error: cannot write '/dev/full': No space left "
                     "on device\n")
        << form;
  }
}

TEST_F(Cli, CompileErrorWritesNoOutputAndKeepsAnOldOne) {
  write("bad.txt", "defn main = { 1 + }\n");
  write("prog", "old");
  ProcessResult r = lazyc({"bad.txt", "-o", "prog"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "bad.txt:1:19: error: syntax error: unexpected '}'\n"
                   "defn main = { 1 + }\n"
                   "                  ^\n");
  EXPECT_EQ(readFile(dir + "/prog"), "old");
}

TEST_F(Cli, AnIncompleteCaseIsAWarningThatWerrorMakesAnError) {
  write("head.txt", "data List = { Nil, Cons Int List }\n"
                    "defn head l = { case l of { Cons x _ -> { x } } }\n"
                    "defn main = { head (Cons 7 Nil) }\n");
  const std::string warning =
      "head.txt:2:17: warning: non-exhaustive case on 'List': no branch for "
      "'Nil' [-Wincomplete-patterns]\n"
      "defn head l = { case l of { Cons x _ -> { x } } }\n"
      "                ^\n";
  ProcessResult warned = lazyc({"head.txt", "-o", "prog"});
  EXPECT_EQ(warned.exitCode, 0);
  EXPECT_EQ(warned.err, warning);
  EXPECT_EQ(runProcess({dir + "/prog"}, dir, 30).out, "7\n");

  ProcessResult quiet =
      lazyc({"head.txt", "-o", "quiet", "-Wno-incomplete-patterns"});
  EXPECT_EQ(quiet.exitCode, 0);
  EXPECT_EQ(quiet.err, "");

  ProcessResult failed = lazyc({"head.txt", "-o", "strict", "-Werror"});
  EXPECT_EQ(failed.exitCode, 1);
  EXPECT_EQ(failed.err,
            "head.txt:2:17: error: non-exhaustive case on 'List': no branch "
            "for 'Nil' [-Werror,-Wincomplete-patterns]\n"
            "defn head l = { case l of { Cons x _ -> { x } } }\n"
            "                ^\n");
  EXPECT_FALSE(fileExists(dir + "/strict"));
}

TEST_F(Cli, UnknownOptionIsRejected) {
  ProcessResult r = lazyc({"--frobnicate", "length.txt"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
}

TEST_F(Cli, RuntimeOptionsWithABadValueSayWhatIsWrong) {
  ASSERT_EQ(lazyc({"length.txt", "-o", "prog"}).exitCode, 0);
  const std::string size = "expected a positive number of bytes, with an "
                           "optional suffix k, m or g\n";
  struct Case {
    const char *option, *message;
  };
  for (const Case &c : {Case{"-M0", "invalid value '0' for +RTS -M: "},
                        Case{"-M1m1", "invalid value '1m1' for +RTS -M: "},
                        Case{"-Kfoo", "invalid value 'foo' for +RTS -K: "},
                        Case{"-A", "invalid value '' for +RTS -A: "}}) {
    ProcessResult r = runProcess({dir + "/prog", "+RTS", c.option}, dir, 30);
    EXPECT_EQ(r.exitCode, 1) << c.option;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1),
              "error: " + std::string(c.message) + size)
        << c.option;
    EXPECT_EQ(r.out, "") << c.option;
  }
  ProcessResult stress =
      runProcess({dir + "/prog", "+RTS", "--gc-stress=0"}, dir, 30);
  EXPECT_EQ(stress.exitCode, 1);
  EXPECT_EQ(stress.err.substr(0, stress.err.find('\n') + 1),
            "error: invalid value '0' for +RTS --gc-stress: expected a "
            "positive count of allocations\n");
  ProcessResult generations =
      runProcess({dir + "/prog", "+RTS", "-G3"}, dir, 30);
  EXPECT_EQ(generations.exitCode, 1);
  EXPECT_EQ(generations.err.substr(0, generations.err.find('\n') + 1),
            "error: invalid value '3' for +RTS -G: expected 1 or 2\n");
  // A stack too small to start on: the smallest is named.
  ProcessResult tiny = runProcess({dir + "/prog", "+RTS", "-K1k"}, dir, 30);
  EXPECT_EQ(tiny.exitCode, 1);
  EXPECT_EQ(tiny.err.rfind("error: invalid value '1k' for +RTS -K: the stack "
                           "is too small: the smallest is ",
                           0),
            0u)
      << tiny.err;
  // A valid value still runs.
  ProcessResult ok =
      runProcess({dir + "/prog", "+RTS", "-K1m", "-M64m", "-RTS"}, dir, 30);
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_EQ(ok.out, "3\n");
}

} // namespace
