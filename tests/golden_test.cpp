// golden_test.cpp - the golden suite: every program in tests/golden (and
// every example with an expected output) is compiled by lazyc and run; what
// it prints and its exit status must match NAME.out / NAME.err exactly.
//
//   NAME.txt     the program
//   NAME.out     expected standard output (a program that compiles)
//   NAME.err     expected standard error; the exit status must then be 1.
//                When lazyc itself should fail, it is lazyc's stderr, and
//                no executable may be written.
//   NAME.warn    expected standard error of lazyc for a program that
//                compiles: its warnings (else lazyc must print nothing)
//   NAME.args    extra arguments for the program (e.g. +RTS -M8m -RTS)
//   NAME.stress  for programs whose live heap is large: collect every N-th
//                allocation under GC stress instead of at every one
//   NAME.novalgrind  for a program too long for valgrind: the name of the
//                smaller program (the same code at a smaller size) that
//                runs in its stead in the Valgrind mode
//
// Each program runs in five modes: Normal, GcStress (the collector runs
// at every allocation, or every N-th, and the runtime verifies the heap
// after each collection), Valgrind (no invalid access to a node, no
// definite or indirect leaks), Plain (compiled with -fno-strict, the
// plain G-machine scheme, which checks the strict one) and NoStrictness
// (compiled with -fno-strictness: no argument evaluated before its call,
// which checks the strictness analysis).

#include "process.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <dirent.h>
#include <sstream>
#include <sys/stat.h>

using namespace lazyc::test;

namespace {

enum class Mode { Normal, GcStress, Valgrind, Plain, NoStrictness };

struct GoldenCase {
  std::string dir;  // where NAME.txt lives; lazyc runs there
  std::string name; // file stem
  Mode mode;
};

std::string path(const GoldenCase &c, const char *extension) {
  return c.dir + "/" + c.name + extension;
}

/// A compile error's .err starts with the file name, a runtime error's with
/// "runtime error:".
bool compiles(const GoldenCase &c) {
  return !fileExists(path(c, ".err")) ||
         readFile(path(c, ".err")).rfind("runtime error:", 0) == 0;
}

std::vector<std::string> words(const std::string &text) {
  std::istringstream in(text);
  std::vector<std::string> result;
  for (std::string w; in >> w;)
    result.push_back(w);
  return result;
}

std::vector<GoldenCase> casesIn(const std::string &dir, Mode mode,
                                bool requireExpectation) {
  std::vector<GoldenCase> cases;
  DIR *d = opendir(dir.c_str());
  if (!d)
    return cases;
  while (dirent *entry = readdir(d)) {
    std::string file = entry->d_name;
    if (file.size() <= 4 || file.compare(file.size() - 4, 4, ".txt") != 0)
      continue;
    GoldenCase c{dir, file.substr(0, file.size() - 4), mode};
    bool hasExpectation =
        fileExists(path(c, ".out")) || fileExists(path(c, ".err"));
    if (requireExpectation && !hasExpectation)
      continue;
    // Only programs that compile have anything to check in the other modes.
    if (mode != Mode::Normal && !compiles(c))
      continue;
    if (mode == Mode::Valgrind && fileExists(path(c, ".novalgrind")))
      continue;
    cases.push_back(c);
  }
  closedir(d);
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase &a, const GoldenCase &b) {
              return a.name < b.name;
            });
  return cases;
}

std::vector<GoldenCase> allCases(Mode mode) {
  std::vector<GoldenCase> cases = casesIn(GOLDEN_DIR, mode, false);
  for (const GoldenCase &c : casesIn(EXAMPLES_DIR, mode, true))
    cases.push_back(c);
  return cases;
}

std::string workPath(const GoldenCase &c) {
  static const char *const modeNames[] = {"normal", "stress", "valgrind",
                                          "plain", "nostrictness"};
  std::string dir = std::string(WORK_DIR) + "/" + modeNames[int(c.mode)];
  mkdir(WORK_DIR, 0755);
  mkdir(dir.c_str(), 0755);
  return dir + "/" + c.name;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, Program) {
  const GoldenCase &c = GetParam();
  std::string exe = workPath(c);
  std::remove(exe.c_str());
  std::vector<std::string> lazyc = {LAZYC_PATH, c.name + ".txt", "-o", exe};
  if (c.mode == Mode::Plain)
    lazyc.push_back("-fno-strict");
  if (c.mode == Mode::NoStrictness)
    lazyc.push_back("-fno-strictness");
  ProcessResult compile = runProcess(lazyc, c.dir, 120);
  ASSERT_FALSE(compile.timedOut);

  if (!compiles(c)) {
    EXPECT_EQ(compile.exitCode, 1);
    EXPECT_EQ(compile.err, readFile(path(c, ".err")));
    EXPECT_EQ(compile.out, "");
    EXPECT_FALSE(fileExists(exe)) << "an executable was written";
    return;
  }
  ASSERT_EQ(compile.exitCode, 0) << compile.err;
  EXPECT_EQ(compile.err,
            fileExists(path(c, ".warn")) ? readFile(path(c, ".warn")) : "");

  std::vector<std::string> argv;
  double timeout = 120;
  if (c.mode == Mode::Valgrind) {
    // A runtime error exits while the evaluation thread is still running:
    // glibc's per-thread block is then "possibly lost", which is not a leak.
    argv = {VALGRIND_PATH, "--quiet", "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99"};
    timeout = 900;
  }
  argv.push_back(exe);
  if (c.mode == Mode::GcStress) {
    std::string every = fileExists(path(c, ".stress"))
                            ? "=" + words(readFile(path(c, ".stress")))[0]
                            : "";
    for (const char *flag : {"+RTS", "--check-heap", "--gc-stress", "-RTS"})
      argv.push_back(flag);
    argv[argv.size() - 2] += every;
    timeout = 600;
  }
  if (fileExists(path(c, ".args")))
    for (const std::string &a : words(readFile(path(c, ".args"))))
      argv.push_back(a);

  ProcessResult run = runProcess(argv, c.dir, timeout);
  ASSERT_FALSE(run.timedOut) << "no result within " << timeout << " s";
  EXPECT_EQ(run.signal, 0) << "killed by signal " << run.signal;
  bool fails = fileExists(path(c, ".err"));
  std::string expectedOut =
      fileExists(path(c, ".out")) ? readFile(path(c, ".out")) : "";
  std::string expectedErr = fails ? readFile(path(c, ".err")) : "";
  EXPECT_EQ(run.exitCode, fails ? 1 : 0) << run.err;
  EXPECT_EQ(run.out, expectedOut);
  EXPECT_EQ(run.err, expectedErr);
}

std::string caseName(const ::testing::TestParamInfo<GoldenCase> &info) {
  std::string name = info.param.dir == EXAMPLES_DIR
                         ? "example_" + info.param.name
                         : info.param.name;
  for (char &ch : name)
    if (!isalnum((unsigned char)ch))
      ch = '_';
  return name;
}

// A program left out of the Valgrind mode has its stand-in there.
TEST(GoldenSuite, EveryProgramOutOfValgrindHasAStandIn) {
  for (const GoldenCase &c : allCases(Mode::Normal)) {
    if (!fileExists(path(c, ".novalgrind")))
      continue;
    std::vector<std::string> standIn = words(readFile(path(c, ".novalgrind")));
    ASSERT_EQ(standIn.size(), 1u) << c.name;
    GoldenCase smaller{c.dir, standIn[0], Mode::Valgrind};
    EXPECT_TRUE(fileExists(path(smaller, ".txt")) &&
                fileExists(path(smaller, ".out")))
        << c.name << ".novalgrind names no program with an expected output";
  }
}

INSTANTIATE_TEST_SUITE_P(Normal, Golden,
                         ::testing::ValuesIn(allCases(Mode::Normal)),
                         caseName);
INSTANTIATE_TEST_SUITE_P(GcStress, Golden,
                         ::testing::ValuesIn(allCases(Mode::GcStress)),
                         caseName);
INSTANTIATE_TEST_SUITE_P(Valgrind, Golden,
                         ::testing::ValuesIn(allCases(Mode::Valgrind)),
                         caseName);
INSTANTIATE_TEST_SUITE_P(Plain, Golden,
                         ::testing::ValuesIn(allCases(Mode::Plain)), caseName);
INSTANTIATE_TEST_SUITE_P(NoStrictness, Golden,
                         ::testing::ValuesIn(allCases(Mode::NoStrictness)),
                         caseName);

} // namespace
