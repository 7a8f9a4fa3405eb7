// process.h - run a command with a time limit and capture what it prints.
// Shared by the test programs that drive lazyc and the programs it builds.
#ifndef LAZYC_TEST_PROCESS_H
#define LAZYC_TEST_PROCESS_H

#include <string>
#include <vector>

namespace lazyc::test {

struct ProcessResult {
  int exitCode = -1;   // -1 when killed by a signal or the time limit
  int signal = 0;      // the signal that ended it, if any
  bool timedOut = false;
  std::string out, err;
};

/// Runs argv[0] (a path) with the given arguments in directory cwd, standard
/// input empty, and kills it after timeoutSeconds.
ProcessResult runProcess(const std::vector<std::string> &argv,
                         const std::string &cwd, double timeoutSeconds);

std::string readFile(const std::string &path);
bool fileExists(const std::string &path);

} // namespace lazyc::test

#endif
