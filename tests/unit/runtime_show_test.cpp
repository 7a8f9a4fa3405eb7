// Show: Haskell's derived Show format, streamed and iterative.
#include "runtime_test_program.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

namespace {

std::string ShowNumber(int64_t value) {
  Machine m;
  PushInt(m.gm, value);
  return ShowTop(m.gm);
}

TEST(RuntimeShow, NumbersAtTopLevelAreBare) {
  EXPECT_EQ(ShowNumber(42), "42\n");
  EXPECT_EQ(ShowNumber(-7), "-7\n");
  EXPECT_EQ(ShowNumber(0), "0\n");
  EXPECT_EQ(ShowNumber(INT64_MIN), "-9223372036854775808\n");
  EXPECT_EQ(ShowNumber(INT64_MAX), "9223372036854775807\n");
}

TEST(RuntimeShow, ANullaryConstructorIsItsName) {
  Machine m;
  Pack(m.gm, kNil, 0);
  EXPECT_EQ(ShowTop(m.gm), "Nil\n");
  EXPECT_EQ(m.Depth(), 0u);
}

TEST(RuntimeShow, FieldsThatAreConstructorsOrNegativeAreParenthesised) {
  Machine m;
  Pack(m.gm, kNil, 0);
  PushInt(m.gm, -2);
  Pack(m.gm, kCons, 2);
  PushInt(m.gm, 1);
  Pack(m.gm, kCons, 2);
  EXPECT_EQ(ShowTop(m.gm), "Cons 1 (Cons (-2) Nil)\n");
}

// Node (Node Leaf 1 Leaf) 2 (Pair (Pair 3 4) Leaf): parentheses closing in
// the middle, at the end, and two at once.
TEST(RuntimeShow, NestedConstructorsCloseEveryParenthesis) {
  Machine m;
  Pack(m.gm, kLeaf, 0);
  PushInt(m.gm, 4);
  PushInt(m.gm, 3);
  Pack(m.gm, kPair, 2);
  Pack(m.gm, kPair, 2);
  PushInt(m.gm, 2);
  Pack(m.gm, kLeaf, 0);
  PushInt(m.gm, 1);
  Pack(m.gm, kLeaf, 0);
  Pack(m.gm, kNode, 3);
  Pack(m.gm, kNode, 3);
  EXPECT_EQ(ShowTop(m.gm),
            "Node (Node Leaf 1 Leaf) 2 (Pair (Pair 3 4) Leaf)\n");
}

TEST(RuntimeShow, FunctionsPrintAsFunctionEvenAsFields) {
  Machine m;
  PushGlobal(m.gm, kK);
  EXPECT_EQ(ShowTop(m.gm), "<function>\n");
  PushInt(m.gm, -1);
  PushInt(m.gm, 1);
  PushGlobal(m.gm, kK);
  MkApp(m.gm); // K 1, a partial application
  Pack(m.gm, kPair, 2);
  EXPECT_EQ(ShowTop(m.gm), "Pair <function> (-1)\n");
}

TEST(RuntimeShow, FieldsAreEvaluatedAsTheyArePrinted) {
  Machine m;
  Pack(m.gm, kNil, 0);
  PushInt(m.gm, 3);
  Pack(m.gm, kCons, 2);
  Pack(m.gm, kNil, 0);
  PushInt(m.gm, 2);
  PushGlobal(m.gm, kK);
  MkApp(m.gm);
  MkApp(m.gm); // K 2 Nil
  Pack(m.gm, kCons, 2);
  PushGlobal(m.gm, kAnswer);
  Pack(m.gm, kCons, 2);
  EXPECT_EQ(ShowTop(m.gm), "Cons 42 (Cons 2 (Cons 3 Nil))\n");
}

// The private main node lets the printed prefix of a lazy list be
// collected; the global node of a referenced main would retain it all.
TEST(RuntimeShow, ALongLazyListStreamsInConstantSpace) {
  struct lazyc_program program = lazyc_program;
  program.main_index = kLongList;
  Machine m(program);
  machine_push_main(&m.gm);
  std::string shown = ShowTop(m.gm);
  EXPECT_EQ(shown.substr(0, 30), "Cons 1000000 (Cons 999999 (Con");
  size_t closing = kLongListLength - 1;
  EXPECT_EQ(shown.substr(shown.size() - closing - 12),
            "(Cons 1 Nil" + std::string(closing, ')') + "\n");
  EXPECT_LE(m.gm.show_capacity, 64u);
  EXPECT_LT(m.gm.heap.stats.peak_live_nodes,
            uint64_t{3 * HEAP_MIN_MAJOR_NODES});

  program.main_is_referenced = 1;
  Machine r(program);
  machine_push_main(&r.gm);
  ShowTop(r.gm);
  EXPECT_GT(r.gm.heap.stats.peak_live_nodes, uint64_t{kLongListLength});
}

// from 1 never ends: the output must leave in buffer-fulls as it is made,
// and the program must end quietly once nobody reads it.
TEST(RuntimeShow, AnInfiniteListStreamsUntilTheReaderLeaves) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  std::fflush(nullptr);
  pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    close(pipe_fds[0]);
    std::signal(SIGPIPE, SIG_IGN);
    Machine m;
    PushInt(m.gm, 1);
    PushGlobal(m.gm, kFrom);
    MkApp(m.gm);
    output_set_fd(pipe_fds[1]);
    show_top(&m.gm);
    _exit(0); // unreachable: the list is infinite
  }
  close(pipe_fds[1]);
  std::string received;
  char buffer[4096];
  while (received.size() < 300000) {
    ssize_t got = read(pipe_fds[0], buffer, sizeof buffer);
    ASSERT_GT(got, 0);
    received.append(buffer, static_cast<size_t>(got));
  }
  close(pipe_fds[0]);
  int status;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(received.substr(0, 32), "Cons 1 (Cons 2 (Cons 3 (Cons 4 (");
  EXPECT_EQ(received.find(')'), std::string::npos);
}

TEST(RuntimeShow, OutputBeforeAnErrorComesFirst) {
  FILE *file = std::tmpfile();
  EXPECT_EXIT(
      {
        Machine m;
        output_set_fd(fileno(file));
        PushGlobal(m.gm, kDivideByZero);
        PushInt(m.gm, 1);
        Pack(m.gm, kCons, 2);
        show_top(&m.gm);
      },
      testing::ExitedWithCode(1), "^runtime error: division by zero\n$");
  std::string text;
  std::rewind(file);
  for (int c; (c = std::fgetc(file)) != EOF;)
    text += static_cast<char>(c);
  std::fclose(file);
  EXPECT_EQ(text, "Cons 1 ");
}

} // namespace
