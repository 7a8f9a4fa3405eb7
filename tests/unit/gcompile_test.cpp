//===- gcompile_test.cpp - Tests of the G-machine compilation schemes -----===//
//
// Expected code is checked against the G-machine's stack discipline: on entry
// to a supercombinator of arity n its arguments are at offsets 0..n-1 (the
// first on top) and the redex root at offset n.
//
//===----------------------------------------------------------------------===//

#include "compiler_test_support.h"

#include <gtest/gtest.h>

#include <map>

namespace lazyc {
namespace {

using test::compileValid;
using test::printedProgram;

const std::string ListDecl = "data List = { Nil, Cons Int List }\n";

/// A compiled program and its printed form.
struct Compiled {
  GProgram program;
  std::string printed;

  /// The printed supercombinator called name: its header and its code.
  std::string code(const std::string &name) const {
    std::string header = name + " (arity ";
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(printed).split(lines, '\n');
    std::string out;
    bool inside = false;
    for (llvm::StringRef line : lines) {
      if (!line.starts_with(" "))
        inside = line.starts_with(header);
      if (inside)
        out += line.str() + "\n";
    }
    return out.empty() ? "<no supercombinator " + name + ">" : out;
  }

  /// "name/arity" of every global, by index.
  std::vector<std::string> globals() const {
    std::vector<std::string> out;
    for (const Supercombinator &sc : program.globals)
      out.push_back(sc.name + "/" + std::to_string(sc.arity));
    return out;
  }

  const Supercombinator *global(const std::string &name) const {
    for (const Supercombinator &sc : program.globals)
      if (sc.name == name)
        return &sc;
    return nullptr;
  }
};

Compiled gcompile(const std::string &text) {
  Compiled c{compileValid(text), ""};
  c.printed = printedProgram(c.program);
  return c;
}

using Names = std::vector<std::string>;

TEST(GCompile, ReturnFirstArgument) {
  Compiled c = gcompile("defn k x y = { x }\ndefn k2 x y = { y }\n"
                        "defn main = { 1 }");
  EXPECT_EQ(c.code("k"), "k (arity 2):\n"
                         "  Push 0\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("k2"), "k2 (arity 2):\n"
                          "  Push 1\n"
                          "  Update 2\n"
                          "  Pop 2\n"
                          "  Unwind\n");
}

TEST(GCompile, ArithmeticRunsInline) {
  Compiled c = gcompile("defn main = { 1 + 2 }\n"
                        "defn f x y = { x - y * 3 }\n"
                        "defn square x = { x * x }\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushInt 1\n"
                            "  PushInt 2\n"
                            "  BinOp +\n"
                            "  Update 0\n"
                            "  Unwind\n");
  // x is at 0; after it is pushed, y is at 2.
  EXPECT_EQ(c.code("f"), "f (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  PushInt 3\n"
                         "  BinOp *\n"
                         "  BinOp -\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("square"), "square (arity 1):\n"
                              "  Push 0\n"
                              "  Eval\n"
                              "  Push 1\n"
                              "  Eval\n"
                              "  BinOp *\n"
                              "  Update 1\n"
                              "  Pop 1\n"
                              "  Unwind\n");
  // No operator supercombinator is needed when arithmetic runs inline.
  EXPECT_EQ(c.globals(), (Names{"main/0", "f/2", "square/1"}));
}

TEST(GCompile, Length) {
  Compiled c = gcompile(ListDecl + R"(
defn length l = {
    case l of {
        Nil -> { 0 }
        Cons x xs -> { 1 + length xs }
    }
}
defn main = { length Nil }
)");
  // After Split 2 the stack is x, xs, l, root; after PushInt 1, xs is at 2.
  EXPECT_EQ(c.code("length"), "length (arity 1):\n"
                              "  Push 0\n"
                              "  Eval\n"
                              "  Jump\n"
                              "    Nil:\n"
                              "      Split 0\n"
                              "      PushInt 0\n"
                              "      Update 1\n"
                              "      Pop 1\n"
                              "      Unwind\n"
                              "    Cons:\n"
                              "      Split 2\n"
                              "      PushInt 1\n"
                              "      Push 2\n"
                              "      PushGlobal length\n"
                              "      MkApp\n"
                              "      Eval\n"
                              "      BinOp +\n"
                              "      Update 3\n"
                              "      Pop 3\n"
                              "      Unwind\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  Pack Nil 0\n"
                            "  PushGlobal length\n"
                            "  MkApp\n"
                            "  Update 0\n"
                            "  Unwind\n");
}

TEST(GCompile, LazyArgumentUsesOperatorSupercombinator) {
  Compiled c = gcompile("defn g x = { h (x + 1) (x - x) (1 + 2) }\n"
                        "defn h a b c = { a }\n"
                        "defn main = { g 1 }\n");
  // The right operand is built first, so that the left one ends on top.
  EXPECT_EQ(c.code("g"), "g (arity 1):\n"
                         "  PushInt 2\n"
                         "  PushInt 1\n"
                         "  PushGlobal +\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Push 1\n"
                         "  Push 2\n"
                         "  PushGlobal -\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushInt 1\n"
                         "  Push 3\n"
                         "  PushGlobal +\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushGlobal h\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // Operands a (on top) and b, root at 2: a is evaluated first.
  EXPECT_EQ(c.code("+"), "+ (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  BinOp +\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("-"), "- (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  BinOp -\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  // One supercombinator per operator, however often it is used.
  EXPECT_EQ(c.globals(), (Names{"g/1", "h/3", "main/0", "+/2", "-/2"}));
}

TEST(GCompile, SaturatedConstructorIsPacked) {
  Compiled c = gcompile(ListDecl + "defn main = { Cons 1 (Cons 2 Nil) }\n"
                                   "defn single x = { Cons x Nil }\n");
  // The last field is built first: field 0 ends on top.
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  Pack Nil 0\n"
                            "  PushInt 2\n"
                            "  Pack Cons 2\n"
                            "  PushInt 1\n"
                            "  Pack Cons 2\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("single"), "single (arity 1):\n"
                              "  Pack Nil 0\n"
                              "  Push 1\n"
                              "  Pack Cons 2\n"
                              "  Update 1\n"
                              "  Pop 1\n"
                              "  Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"main/0", "single/1"}));
}

TEST(GCompile, PartiallyAppliedConstructorIsAGlobal) {
  Compiled c = gcompile(ListDecl + "data Pair = { Pair Int List }\n"
                                   "defn cons1 = { Cons 1 }\n"
                                   "defn pair = { Pair }\n"
                                   "defn main = { cons1 (Cons 2 Nil) }\n"
                                   "defn again = { Cons 3 }\n");
  EXPECT_EQ(c.code("cons1"), "cons1 (arity 0):\n"
                             "  PushInt 1\n"
                             "  PushGlobal Cons\n"
                             "  MkApp\n"
                             "  Update 0\n"
                             "  Unwind\n");
  EXPECT_EQ(c.code("pair"), "pair (arity 0):\n"
                            "  PushGlobal Pair\n"
                            "  Update 0\n"
                            "  Unwind\n");
  // Entered with the fields on the stack and the root below them: the
  // constructor node replaces the fields, then updates the root.
  EXPECT_EQ(c.code("Cons"), "Cons (arity 2):\n"
                            "  Pack Cons 2\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("Pair"), "Pair (arity 2):\n"
                            "  Pack Pair 2\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"cons1/0", "pair/0", "main/0", "again/0",
                                "Cons/2", "Pair/2"}));
}

TEST(GCompile, CaseInArgumentPositionIsLifted) {
  Compiled c = gcompile(ListDecl + R"(
defn f x y = { g (case y of { Nil -> { x } Cons a b -> { a } }) }
defn g n = { n }
defn main = { f 1 Nil }
)");
  // The free variables y and x become the parameters, y first (on top).
  EXPECT_EQ(c.code("f"), "f (arity 2):\n"
                         "  Push 0\n"
                         "  Push 2\n"
                         "  PushGlobal f$case1\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushGlobal g\n"
                         "  MkApp\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("f$case1"), "f$case1 (arity 2):\n"
                               "  Push 0\n"
                               "  Eval\n"
                               "  Jump\n"
                               "    Nil:\n"
                               "      Split 0\n"
                               "      Push 1\n"
                               "      Update 2\n"
                               "      Pop 2\n"
                               "      Unwind\n"
                               "    Cons:\n"
                               "      Split 2\n"
                               "      Push 0\n"
                               "      Update 4\n"
                               "      Pop 4\n"
                               "      Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"f/2", "g/1", "main/0", "f$case1/2"}));
}

TEST(GCompile, NestedLiftedCasesAreNamedAfterTheFunction) {
  Compiled c = gcompile(ListDecl + R"(
defn f l = { g (case l of { Cons x xs -> { g (case xs of { y -> { y } }) }
                            Nil -> { Nil } }) }
defn g l = { l }
defn main = { f Nil }
)");
  EXPECT_EQ(c.code("f$case1"), "f$case1 (arity 1):\n"
                               "  Push 0\n"
                               "  Eval\n"
                               "  Jump\n"
                               "    Cons:\n"
                               "      Split 2\n"
                               "      Push 1\n"
                               "      PushGlobal f$case2\n"
                               "      MkApp\n"
                               "      PushGlobal g\n"
                               "      MkApp\n"
                               "      Update 3\n"
                               "      Pop 3\n"
                               "      Unwind\n"
                               "    Nil:\n"
                               "      Split 0\n"
                               "      Pack Nil 0\n"
                               "      Update 1\n"
                               "      Pop 1\n"
                               "      Unwind\n");
  EXPECT_EQ(c.code("f$case2"), "f$case2 (arity 1):\n"
                               "  Push 0\n"
                               "  Eval\n"
                               "  Jump\n"
                               "    _:\n"
                               "      Push 0\n"
                               "      Update 2\n"
                               "      Pop 2\n"
                               "      Unwind\n");
  EXPECT_EQ(c.globals(),
            (Names{"f/1", "g/1", "main/0", "f$case1/1", "f$case2/1"}));
}

TEST(GCompile, LiftedCaseWithoutFreeVariables) {
  Compiled c = gcompile(ListDecl + "defn main = { g (case Nil of { "
                                   "Nil -> { 1 } y -> { 2 } }) }\n"
                                   "defn g n = { n }\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushGlobal main$case1\n"
                            "  PushGlobal g\n"
                            "  MkApp\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("main$case1"), "main$case1 (arity 0):\n"
                                  "  Pack Nil 0\n"
                                  "  Eval\n"
                                  "  Jump\n"
                                  "    Nil:\n"
                                  "      Split 0\n"
                                  "      PushInt 1\n"
                                  "      Update 0\n"
                                  "      Unwind\n"
                                  "    _:\n"
                                  "      PushInt 2\n"
                                  "      Update 1\n"
                                  "      Pop 1\n"
                                  "      Unwind\n");
}

TEST(GCompile, CaseAsOperandSlidesItsBindingsAway) {
  Compiled c = gcompile(ListDecl + R"(
defn f l = { 1 + case l of { Nil -> { 0 } Cons x xs -> { x } } }
defn g n = { 2 * case n of { m -> { m } } }
defn main = { f Nil + g 1 }
)");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  PushInt 1\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    Nil:\n"
                         "      Split 0\n"
                         "      PushInt 0\n"
                         "    Cons:\n"
                         "      Split 2\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      Slide 2\n"
                         "  BinOp +\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // A variable pattern binds the evaluated scrutinee itself.
  EXPECT_EQ(c.code("g"), "g (arity 1):\n"
                         "  PushInt 2\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    _:\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      Slide 1\n"
                         "  BinOp *\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
}

TEST(GCompile, VariablePatternInTailPosition) {
  Compiled c = gcompile("defn f n = { case n of { m -> { m + 1 } } }\n"
                        "defn main = { f 1 }");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    _:\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      PushInt 1\n"
                         "      BinOp +\n"
                         "      Update 2\n"
                         "      Pop 2\n"
                         "      Unwind\n");
}

TEST(GCompile, BranchesThatCannotMatchAreDropped) {
  Compiled c = gcompile(ListDecl + R"(
defn f l = { case l of { Nil -> { 1 } Nil -> { 2 } m -> { 3 } Cons x xs -> { 4 } } }
defn main = { f Nil }
)");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    Nil:\n"
                         "      Split 0\n"
                         "      PushInt 1\n"
                         "      Update 1\n"
                         "      Pop 1\n"
                         "      Unwind\n"
                         "    _:\n"
                         "      PushInt 3\n"
                         "      Update 2\n"
                         "      Pop 2\n"
                         "      Unwind\n");
}

TEST(GCompile, LocalsShadowGlobals) {
  Compiled c = gcompile("defn x = { 1 }\ndefn f x = { x }\n"
                        "defn main = { f x + x }");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushGlobal x\n"
                            "  PushGlobal f\n"
                            "  MkApp\n"
                            "  Eval\n"
                            "  PushGlobal x\n"
                            "  Eval\n"
                            "  BinOp +\n"
                            "  Update 0\n"
                            "  Unwind\n");
}

TEST(GCompile, InstructionOperands) {
  Compiled c = gcompile(ListDecl + "defn main = { f 9223372036854775807 }\n"
                                   "defn f x = { Cons x Nil }");
  const Supercombinator *main = c.global("main");
  ASSERT_NE(main, nullptr);
  ASSERT_EQ(main->code.size(), 5u);
  EXPECT_EQ(main->code[0].op, Op::PushInt);
  EXPECT_EQ(main->code[0].n, INT64_MAX);
  EXPECT_EQ(main->code[1].op, Op::PushGlobal);
  EXPECT_EQ(main->code[1].n, 1); // f
  EXPECT_EQ(main->code[2].op, Op::MkApp);
  EXPECT_EQ(main->code[3].op, Op::Update);
  EXPECT_EQ(main->code[3].n, 0);
  EXPECT_EQ(main->code[4].op, Op::Unwind);
  const Supercombinator *f = c.global("f");
  ASSERT_NE(f, nullptr);
  ASSERT_GE(f->code.size(), 3u);
  EXPECT_EQ(f->code[0].op, Op::Pack);
  EXPECT_EQ(f->code[0].ctor, 2u); // Nil, after False and True
  EXPECT_EQ(f->code[0].n, 0);
  EXPECT_EQ(f->code[2].op, Op::Pack);
  EXPECT_EQ(f->code[2].ctor, 3u); // Cons
  EXPECT_EQ(f->code[2].n, 2);
}

TEST(GCompile, ConstructorTable) {
  // By constructor id: the built-in False and True first.
  Compiled c = gcompile("data T = { A, B Int T }\ndata U = { C U U U }\n"
                        "defn main = { 1 }");
  std::vector<std::string> table;
  for (const ConstructorEntry &e : c.program.constructors)
    table.push_back(e.name + "/" + std::to_string(e.arity));
  EXPECT_EQ(table, (Names{"False/0", "True/0", "A/0", "B/2", "C/3"}));
}

TEST(GCompile, MainIndex) {
  Compiled c = gcompile("defn f = { 1 }\ndefn g x = { x }\ndefn main = { f }");
  EXPECT_EQ(c.program.mainIndex, 2u);
  EXPECT_EQ(c.program.globals.at(c.program.mainIndex).name, "main");
  EXPECT_FALSE(c.program.mainIsReferenced);
}

TEST(GCompile, MainIsReferenced) {
  Compiled c = gcompile("defn main = { 1 }\ndefn loop x = { main + x }");
  EXPECT_EQ(c.program.mainIndex, 0u);
  EXPECT_TRUE(c.program.mainIsReferenced);
}

// ---- Extended: lambda lifting ---------------------------------------------

TEST(GCompile, LambdaCapturesItsFreeVariables) {
  Compiled c = gcompile("defn f a b = { \\x -> { a + x } }\n"
                        "defn main = { f 1 2 3 }");
  // a is captured (b is not): f$lambda1 takes a, then x. f pushes a and
  // applies f$lambda1 to it.
  EXPECT_EQ(c.globals(), (Names{"f/2", "main/0", "f$lambda1/2"}));
  EXPECT_EQ(c.code("f"), "f (arity 2):\n"
                         "  Push 0\n"
                         "  PushGlobal f$lambda1\n"
                         "  MkApp\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  // a on top, x below it.
  EXPECT_EQ(c.code("f$lambda1"), "f$lambda1 (arity 2):\n"
                                 "  Push 0\n"
                                 "  Eval\n"
                                 "  Push 2\n"
                                 "  Eval\n"
                                 "  BinOp +\n"
                                 "  Update 2\n"
                                 "  Pop 2\n"
                                 "  Unwind\n");
}

TEST(GCompile, CapturedVariablesComeInOrderOfBinding) {
  // a is bound before b, so it is the first captured argument: g builds
  // (g$lambda1 a) b, and the lambda finds a on top, b below it, then x.
  Compiled c = gcompile("defn g a b = { \\x -> { a - b + x } }\n"
                        "defn main = { g 1 2 3 }");
  EXPECT_EQ(c.globals(), (Names{"g/2", "main/0", "g$lambda1/3"}));
  EXPECT_EQ(c.code("g"), "g (arity 2):\n"
                         "  Push 1\n"
                         "  Push 1\n"
                         "  PushGlobal g$lambda1\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("g$lambda1"), "g$lambda1 (arity 3):\n"
                                 "  Push 0\n"
                                 "  Eval\n"
                                 "  Push 2\n"
                                 "  Eval\n"
                                 "  BinOp -\n"
                                 "  Push 3\n"
                                 "  Eval\n"
                                 "  BinOp +\n"
                                 "  Update 3\n"
                                 "  Pop 3\n"
                                 "  Unwind\n");
}

TEST(GCompile, NestedLambdas) {
  // The inner lambda captures the outer one's captured a and its x.
  Compiled c = gcompile("defn f a = { \\x -> { \\y -> { a + x + y } } }\n"
                        "defn main = { f 1 2 3 }");
  EXPECT_EQ(c.globals(),
            (Names{"f/1", "main/0", "f$lambda1/2", "f$lambda2/3"}));
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  PushGlobal f$lambda1\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // a is f$lambda1's first parameter, x its second: f$lambda2 takes a, x,
  // y.
  EXPECT_EQ(c.code("f$lambda1"), "f$lambda1 (arity 2):\n"
                                 "  Push 1\n"
                                 "  Push 1\n"
                                 "  PushGlobal f$lambda2\n"
                                 "  MkApp\n"
                                 "  MkApp\n"
                                 "  Update 2\n"
                                 "  Pop 2\n"
                                 "  Unwind\n");
  EXPECT_EQ(c.code("f$lambda2"), "f$lambda2 (arity 3):\n"
                                 "  Push 0\n"
                                 "  Eval\n"
                                 "  Push 2\n"
                                 "  Eval\n"
                                 "  BinOp +\n"
                                 "  Push 3\n"
                                 "  Eval\n"
                                 "  BinOp +\n"
                                 "  Update 3\n"
                                 "  Pop 3\n"
                                 "  Unwind\n");
}

TEST(GCompile, LambdaWithoutFreeVariablesIsJustAGlobal) {
  // Globals (inc) and the lambda's own parameters (a shadows f's a) are
  // not captured.
  Compiled c = gcompile("defn apply g x = { g x }\n"
                        "defn inc n = { n + 1 }\n"
                        "defn f a = { apply (\\a -> { inc a }) a }\n"
                        "defn main = { apply (\\x -> { x + 1 }) 2 }");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  PushInt 2\n"
                            "  PushGlobal main$lambda1\n"
                            "  PushGlobal apply\n"
                            "  MkApp\n"
                            "  MkApp\n"
                            "  Update 0\n"
                            "  Unwind\n");
  EXPECT_EQ(c.code("main$lambda1"), "main$lambda1 (arity 1):\n"
                                    "  Push 0\n"
                                    "  Eval\n"
                                    "  PushInt 1\n"
                                    "  BinOp +\n"
                                    "  Update 1\n"
                                    "  Pop 1\n"
                                    "  Unwind\n");
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  PushGlobal f$lambda1\n"
                         "  PushGlobal apply\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("f$lambda1"), "f$lambda1 (arity 1):\n"
                                 "  Push 0\n"
                                 "  PushGlobal inc\n"
                                 "  MkApp\n"
                                 "  Update 1\n"
                                 "  Pop 1\n"
                                 "  Unwind\n");
}

TEST(GCompile, LocalFunctionCapturesWhatTheLocalFunctionsItCallsNeed) {
  // g uses no variable of f itself, but it calls h, which needs b: so g
  // captures b too, to pass it on.
  Compiled c = gcompile("defn f a b = { let { defn g x = { h x } "
                        "defn h y = { y + b } } in { g a } }\n"
                        "defn main = { f 1 2 }");
  EXPECT_EQ(c.globals(), (Names{"f/2", "main/0", "f$g/2", "f$h/2"}));
  // g a: a is pushed, then g applied to b: (f$g b) a.
  EXPECT_EQ(c.code("f"), "f (arity 2):\n"
                         "  Push 0\n"
                         "  Push 2\n"
                         "  PushGlobal f$g\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  // b on top, x below: h x is (f$h b) x.
  EXPECT_EQ(c.code("f$g"), "f$g (arity 2):\n"
                           "  Push 1\n"
                           "  Push 1\n"
                           "  PushGlobal f$h\n"
                           "  MkApp\n"
                           "  MkApp\n"
                           "  Update 2\n"
                           "  Pop 2\n"
                           "  Unwind\n");
  EXPECT_EQ(c.code("f$h"), "f$h (arity 2):\n"
                           "  Push 1\n"
                           "  Eval\n"
                           "  Push 1\n"
                           "  Eval\n"
                           "  BinOp +\n"
                           "  Update 2\n"
                           "  Pop 2\n"
                           "  Unwind\n");
}

TEST(GCompile, RecursiveLocalFunction) {
  // go calls itself: its captured n is passed on to the recursive call.
  Compiled c = gcompile("defn sumTo n = { let { defn go i = { if i > n then "
                        "{ 0 } else { i + go (i + 1) } } } in { go 1 } }\n"
                        "defn main = { sumTo 3 }");
  EXPECT_EQ(c.globals(), (Names{"sumTo/1", "main/0", "sumTo$go/2", "+/2"}));
  EXPECT_EQ(c.code("sumTo"), "sumTo (arity 1):\n"
                             "  PushInt 1\n"
                             "  Push 1\n"
                             "  PushGlobal sumTo$go\n"
                             "  MkApp\n"
                             "  MkApp\n"
                             "  Update 1\n"
                             "  Pop 1\n"
                             "  Unwind\n");
  // n on top, i below.
  EXPECT_EQ(c.code("sumTo$go"), "sumTo$go (arity 2):\n"
                                "  Push 1\n"
                                "  Eval\n"
                                "  Push 1\n"
                                "  Eval\n"
                                "  BinOp >\n"
                                "  Jump\n"
                                "    True:\n"
                                "      Split 0\n"
                                "      PushInt 0\n"
                                "      Update 2\n"
                                "      Pop 2\n"
                                "      Unwind\n"
                                "    False:\n"
                                "      Split 0\n"
                                "      Push 1\n"
                                "      Eval\n"
                                "      PushInt 1\n"
                                "      Push 3\n"
                                "      PushGlobal +\n"
                                "      MkApp\n"
                                "      MkApp\n"
                                "      Push 2\n"
                                "      PushGlobal sumTo$go\n"
                                "      MkApp\n"
                                "      MkApp\n"
                                "      Eval\n"
                                "      BinOp +\n"
                                "      Update 2\n"
                                "      Pop 2\n"
                                "      Unwind\n");
}

TEST(GCompile, LambdaCallingALocalFunction) {
  // The lambda captures a for g; inside it, g's captured a is at the
  // lambda's own offset.
  Compiled c = gcompile("defn f a = { let { defn g x = { x + a } } in "
                        "{ \\y -> { g y } } }\n"
                        "defn main = { f 1 2 }");
  EXPECT_EQ(c.globals(), (Names{"f/1", "main/0", "f$g/2", "f$lambda1/2"}));
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  PushGlobal f$lambda1\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("f$lambda1"), "f$lambda1 (arity 2):\n"
                                 "  Push 1\n"
                                 "  Push 1\n"
                                 "  PushGlobal f$g\n"
                                 "  MkApp\n"
                                 "  MkApp\n"
                                 "  Update 2\n"
                                 "  Pop 2\n"
                                 "  Unwind\n");
}

TEST(GCompile, SupercombinatorsOfLiftedCode) {
  Compiled c = gcompile(R"(
defn apply g x = { g x }
defn f a = {
  let { defn double x = { x * 2 } } in {
    apply (\y -> { double y + a })
          (let { defn double z = { z + a } } in {
             apply double (if a < 0 then { 0 } else { a }) })
  }
}
defn h a = { let { defn double x = { x } } in { double a } }
defn main = { f (case 1 of { n -> { n } }) + h 2 }
)");
  // Named after the top-level function: a local function by its name
  // (numbered if it repeats), the rest by kind, numbered from 1.
  EXPECT_EQ(c.globals(),
            (Names{"apply/2", "f/1", "h/1", "main/0", "f$double/1",
                   "f$lambda1/2", "f$double2/2", "h$double/1", "f$if1/1",
                   "main$case1/0"}));
  // Arguments are built last first: the inner let, then the lambda.
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  PushGlobal f$if1\n"
                         "  MkApp\n"
                         "  Push 1\n"
                         "  PushGlobal f$double2\n"
                         "  MkApp\n"
                         "  PushGlobal apply\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Push 1\n"
                         "  PushGlobal f$lambda1\n"
                         "  MkApp\n"
                         "  PushGlobal apply\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // The lambda calls the outer double, which captures nothing.
  EXPECT_EQ(c.code("f$lambda1"), "f$lambda1 (arity 2):\n"
                                 "  Push 1\n"
                                 "  PushGlobal f$double\n"
                                 "  MkApp\n"
                                 "  Eval\n"
                                 "  Push 1\n"
                                 "  Eval\n"
                                 "  BinOp +\n"
                                 "  Update 2\n"
                                 "  Pop 2\n"
                                 "  Unwind\n");
  EXPECT_EQ(c.code("f$double2"), "f$double2 (arity 2):\n"
                                 "  Push 1\n"
                                 "  Eval\n"
                                 "  Push 1\n"
                                 "  Eval\n"
                                 "  BinOp +\n"
                                 "  Update 2\n"
                                 "  Pop 2\n"
                                 "  Unwind\n");
  EXPECT_EQ(c.code("f$if1"), "f$if1 (arity 1):\n"
                             "  Push 0\n"
                             "  Eval\n"
                             "  PushInt 0\n"
                             "  BinOp <\n"
                             "  Jump\n"
                             "    True:\n"
                             "      Split 0\n"
                             "      PushInt 0\n"
                             "      Update 1\n"
                             "      Pop 1\n"
                             "      Unwind\n"
                             "    False:\n"
                             "      Split 0\n"
                             "      Push 0\n"
                             "      Update 1\n"
                             "      Pop 1\n"
                             "      Unwind\n");
  EXPECT_EQ(c.code("main$case1"), "main$case1 (arity 0):\n"
                                  "  PushInt 1\n"
                                  "  Jump\n"
                                  "    _:\n"
                                  "      Push 0\n"
                                  "      Update 1\n"
                                  "      Pop 1\n"
                                  "      Unwind\n");
}

TEST(GCompile, LiftedNamesAreUnique) {
  // A local function may be called like what is lifted without a name:
  // every supercombinator still needs a name of its own.
  Compiled c = gcompile(R"(
defn f x = {
  let { defn lambda1 y = { y } defn case1 y = { y } } in {
    lambda1 (\z -> { z }) (case1 (case x of { n -> { n } }))
  }
}
defn g x = {
  let { defn double y = { y } } in { let { defn double y = { y } } in {
    let { defn double2 y = { y } } in { double (double2 x) } } }
}
defn main = { f 1 + g 2 }
)");
  std::map<std::string, int> uses;
  for (const Supercombinator &sc : c.program.globals)
    ++uses[sc.name];
  Names duplicates;
  for (const auto &[name, count] : uses)
    if (count > 1)
      duplicates.push_back(name);
  EXPECT_EQ(duplicates, Names{}) << "globals: "
                                 << llvm::join(c.globals(), ", ");
}

// ---- Extended: local values -----------------------------------------------

TEST(GCompile, LocalValueIsBuiltOnceAndShared) {
  Compiled c = gcompile("defn f n = { let { defn y = { n * 2 } } in "
                        "{ y + y } }\ndefn main = { f 1 }");
  // A hole for y (Alloc), its graph built lazily and written into the hole
  // (Update 0: the hole is just below the graph); both uses push the one
  // node. The frame (y, n) is then popped as a whole.
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Alloc 1\n"
                         "  PushInt 2\n"
                         "  Push 2\n"
                         "  PushGlobal *\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 0\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  BinOp +\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.globals(), (Names{"f/1", "main/0", "*/2"}));
}

TEST(GCompile, LocalValuesInStrictAndLazyPositionsAreSlidAway) {
  Compiled c = gcompile("data P = { P Int Int }\n"
                        "defn g p = { p }\n"
                        "defn e n = { 1 + let { defn y = { n } } in "
                        "{ y * y } }\n"
                        "defn c n = { g (let { defn y = { n + 1 } } in "
                        "{ P y y }) }\n"
                        "defn main = { e 1 }");
  // E: the hole is above the 1; after y * y, Slide 1 drops it.
  EXPECT_EQ(c.code("e"), "e (arity 1):\n"
                         "  PushInt 1\n"
                         "  Alloc 1\n"
                         "  Push 2\n"
                         "  Update 0\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  BinOp *\n"
                         "  Slide 1\n"
                         "  BinOp +\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // C: the constructor is built on the hole, which Slide 1 then drops.
  EXPECT_EQ(c.code("c"), "c (arity 1):\n"
                         "  Alloc 1\n"
                         "  PushInt 1\n"
                         "  Push 2\n"
                         "  PushGlobal +\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 0\n"
                         "  Push 0\n"
                         "  Push 1\n"
                         "  Pack P 2\n"
                         "  Slide 1\n"
                         "  PushGlobal g\n"
                         "  MkApp\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
}

TEST(GCompile, RecursiveLocalValue) {
  // ones refers to its own hole: the list is cyclic.
  Compiled c = gcompile(ListDecl +
                        "defn main = { let { defn ones = { Cons 1 ones } } "
                        "in { ones } }");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  Alloc 1\n"
                            "  Push 0\n"
                            "  PushInt 1\n"
                            "  Pack Cons 2\n"
                            "  Update 0\n"
                            "  Push 0\n"
                            "  Update 1\n"
                            "  Pop 1\n"
                            "  Unwind\n");
}

TEST(GCompile, SeveralLocalValuesReferToEachOther) {
  // Both holes first, so each graph may point to the other's hole.
  Compiled c = gcompile(ListDecl +
                        "defn main = { let { defn a = { Cons 1 b } "
                        "defn b = { Cons 2 a } } in { b } }");
  EXPECT_EQ(c.code("main"), "main (arity 0):\n"
                            "  Alloc 2\n"
                            "  Push 0\n"
                            "  PushInt 1\n"
                            "  Pack Cons 2\n"
                            "  Update 1\n"
                            "  Push 1\n"
                            "  PushInt 2\n"
                            "  Pack Cons 2\n"
                            "  Update 0\n"
                            "  Push 0\n"
                            "  Update 2\n"
                            "  Pop 2\n"
                            "  Unwind\n");
}

TEST(GCompile, LocalFunctionCapturesALocalValue) {
  // add captures the node of k, so both calls share k.
  Compiled c = gcompile("defn f n = { let { defn k = { n * n } "
                        "defn add x = { x + k } } in { add 1 + add 2 } }\n"
                        "defn main = { f 1 }");
  EXPECT_EQ(c.globals(), (Names{"f/1", "main/0", "f$add/2", "*/2"}));
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Alloc 1\n"
                         "  Push 1\n"
                         "  Push 2\n"
                         "  PushGlobal *\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Update 0\n"
                         "  PushInt 1\n"
                         "  Push 1\n"
                         "  PushGlobal f$add\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Eval\n"
                         "  PushInt 2\n"
                         "  Push 2\n"
                         "  PushGlobal f$add\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  Eval\n"
                         "  BinOp +\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("f$add"), "f$add (arity 2):\n"
                             "  Push 1\n"
                             "  Eval\n"
                             "  Push 1\n"
                             "  Eval\n"
                             "  BinOp +\n"
                             "  Update 2\n"
                             "  Pop 2\n"
                             "  Unwind\n");
}

TEST(GCompile, AllocAndUpdateOperands) {
  Compiled c = gcompile("defn f n = { let { defn y = { n } defn z = { y } } "
                        "in { z } }\ndefn main = { f 1 }");
  const Supercombinator *f = c.global("f");
  ASSERT_NE(f, nullptr);
  ASSERT_GE(f->code.size(), 5u);
  EXPECT_EQ(f->code[0].op, Op::Alloc);
  EXPECT_EQ(f->code[0].n, 2);
  // y's hole is at 1 below its graph, z's at 0.
  EXPECT_EQ(f->code[1].op, Op::Push); // n, below the two holes
  EXPECT_EQ(f->code[1].n, 2);
  EXPECT_EQ(f->code[2].op, Op::Update);
  EXPECT_EQ(f->code[2].n, 1);
  EXPECT_EQ(f->code[3].op, Op::Push);
  EXPECT_EQ(f->code[3].n, 1);
  EXPECT_EQ(f->code[4].op, Op::Update);
  EXPECT_EQ(f->code[4].n, 0);
}

// ---- Extended: integer patterns, if, comparisons ---------------------------

TEST(GCompile, IntegerPatternsJumpOnTheNumber) {
  Compiled c = gcompile("defn f n = { case n of { 0 -> { 1 } 7 -> { 2 } "
                        "0 -> { 3 } m -> { m * 10 } } }\n"
                        "defn main = { f 7 }");
  // A number branch pops the number; the variable branch binds it. The
  // second 0 can never match.
  EXPECT_EQ(c.code("f"), "f (arity 1):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    0:\n"
                         "      Pop 1\n"
                         "      PushInt 1\n"
                         "      Update 1\n"
                         "      Pop 1\n"
                         "      Unwind\n"
                         "    7:\n"
                         "      Pop 1\n"
                         "      PushInt 2\n"
                         "      Update 1\n"
                         "      Pop 1\n"
                         "      Unwind\n"
                         "    _:\n"
                         "      Push 0\n"
                         "      Eval\n"
                         "      PushInt 10\n"
                         "      BinOp *\n"
                         "      Update 2\n"
                         "      Pop 2\n"
                         "      Unwind\n");
  const Supercombinator *f = c.global("f");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->code.size(), 3u);
  const Instruction &jump = f->code[2];
  EXPECT_EQ(jump.op, Op::Jump);
  EXPECT_TRUE(jump.onNumber);
  ASSERT_EQ(jump.branches.size(), 3u);
  EXPECT_EQ(jump.branches[0].key, std::optional<int64_t>(0));
  EXPECT_EQ(jump.branches[1].key, std::optional<int64_t>(7));
  EXPECT_EQ(jump.branches[2].key, std::nullopt);
}

TEST(GCompile, IntegerPatternsInAStrictPosition) {
  Compiled c = gcompile("defn g n = { 1 + case n of { 0 -> { 5 } "
                        "9223372036854775807 -> { 6 } _ -> { 7 } } }\n"
                        "defn main = { g 0 }");
  // Each branch leaves its value where the number was: the number
  // branches pop it first, the wildcard slides it away after.
  EXPECT_EQ(c.code("g"), "g (arity 1):\n"
                         "  PushInt 1\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    0:\n"
                         "      Pop 1\n"
                         "      PushInt 5\n"
                         "    9223372036854775807:\n"
                         "      Pop 1\n"
                         "      PushInt 6\n"
                         "    _:\n"
                         "      PushInt 7\n"
                         "      Slide 1\n"
                         "  BinOp +\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  const Instruction &jump = c.global("g")->code.at(3);
  EXPECT_TRUE(jump.onNumber);
  EXPECT_EQ(jump.branches.at(1).key, std::optional<int64_t>(INT64_MAX));
}

TEST(GCompile, ConstructorPatternsDoNotJumpOnNumbers) {
  Compiled c = gcompile(ListDecl + "defn f l = { case l of { Nil -> { 0 } "
                                   "Cons _ xs -> { 1 } } }\n"
                                   "defn main = { f Nil }");
  const Instruction &jump = c.global("f")->code.at(2);
  EXPECT_EQ(jump.op, Op::Jump);
  EXPECT_FALSE(jump.onNumber);
  ASSERT_EQ(jump.branches.size(), 2u);
  EXPECT_EQ(jump.branches[0].key, std::optional<int64_t>(2)); // Nil
  EXPECT_EQ(jump.branches[1].key, std::optional<int64_t>(3)); // Cons
}

TEST(GCompile, WildcardFieldsAreSplitButNotBound) {
  Compiled c = gcompile(ListDecl + "defn tail l = { case l of { Cons _ xs -> "
                                   "{ xs } _ -> { Nil } } }\n"
                                   "defn main = { tail Nil }");
  // After Split 2: the head (unbound) at 0, xs at 1.
  EXPECT_EQ(c.code("tail"), "tail (arity 1):\n"
                            "  Push 0\n"
                            "  Eval\n"
                            "  Jump\n"
                            "    Cons:\n"
                            "      Split 2\n"
                            "      Push 1\n"
                            "      Update 3\n"
                            "      Pop 3\n"
                            "      Unwind\n"
                            "    _:\n"
                            "      Pack Nil 0\n"
                            "      Update 2\n"
                            "      Pop 2\n"
                            "      Unwind\n");
}

TEST(GCompile, IfJumpsOnTrueAndFalse) {
  Compiled c = gcompile("defn abs n = { if n < 0 then { 0 - n } else { n } }\n"
                        "defn main = { abs 1 }");
  // The Bool is split (no fields), so the branches see the frame as it was.
  EXPECT_EQ(c.code("abs"), "abs (arity 1):\n"
                           "  Push 0\n"
                           "  Eval\n"
                           "  PushInt 0\n"
                           "  BinOp <\n"
                           "  Jump\n"
                           "    True:\n"
                           "      Split 0\n"
                           "      PushInt 0\n"
                           "      Push 1\n"
                           "      Eval\n"
                           "      BinOp -\n"
                           "      Update 1\n"
                           "      Pop 1\n"
                           "      Unwind\n"
                           "    False:\n"
                           "      Split 0\n"
                           "      Push 0\n"
                           "      Update 1\n"
                           "      Pop 1\n"
                           "      Unwind\n");
  const Instruction &jump = c.global("abs")->code.at(4);
  EXPECT_EQ(jump.op, Op::Jump);
  EXPECT_FALSE(jump.onNumber);
  ASSERT_EQ(jump.branches.size(), 2u);
  EXPECT_EQ(jump.branches[0].key, std::optional<int64_t>(TrueId));
  EXPECT_EQ(jump.branches[1].key, std::optional<int64_t>(FalseId));
}

TEST(GCompile, IfInStrictAndLazyPositions) {
  Compiled c = gcompile("defn g b = { 1 + if b then { 2 } else { 3 } }\n"
                        "defn k x = { x }\n"
                        "defn h b x = { k (if b then { x } else { 0 }) }\n"
                        "defn main = { g True + h False 1 }");
  EXPECT_EQ(c.code("g"), "g (arity 1):\n"
                         "  PushInt 1\n"
                         "  Push 1\n"
                         "  Eval\n"
                         "  Jump\n"
                         "    True:\n"
                         "      Split 0\n"
                         "      PushInt 2\n"
                         "    False:\n"
                         "      Split 0\n"
                         "      PushInt 3\n"
                         "  BinOp +\n"
                         "  Update 1\n"
                         "  Pop 1\n"
                         "  Unwind\n");
  // Lifted: x (deeper in h's frame) is the first argument, then b.
  EXPECT_EQ(c.code("h"), "h (arity 2):\n"
                         "  Push 0\n"
                         "  Push 2\n"
                         "  PushGlobal h$if1\n"
                         "  MkApp\n"
                         "  MkApp\n"
                         "  PushGlobal k\n"
                         "  MkApp\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
  EXPECT_EQ(c.code("h$if1"), "h$if1 (arity 2):\n"
                             "  Push 1\n"
                             "  Eval\n"
                             "  Jump\n"
                             "    True:\n"
                             "      Split 0\n"
                             "      Push 0\n"
                             "      Update 2\n"
                             "      Pop 2\n"
                             "      Unwind\n"
                             "    False:\n"
                             "      Split 0\n"
                             "      PushInt 0\n"
                             "      Update 2\n"
                             "      Pop 2\n"
                             "      Unwind\n");
}

TEST(GCompile, ComparisonAndRemainderOperators) {
  Compiled c = gcompile("defn k x = { x }\n"
                        "defn f a b = { k (a <= b) }\n"
                        "defn g a b = { a % b == 0 }\n"
                        "defn main = { g 1 2 }");
  EXPECT_EQ(c.code("<="), "<= (arity 2):\n"
                          "  Push 0\n"
                          "  Eval\n"
                          "  Push 2\n"
                          "  Eval\n"
                          "  BinOp <=\n"
                          "  Update 2\n"
                          "  Pop 2\n"
                          "  Unwind\n");
  EXPECT_EQ(c.code("g"), "g (arity 2):\n"
                         "  Push 0\n"
                         "  Eval\n"
                         "  Push 2\n"
                         "  Eval\n"
                         "  BinOp %\n"
                         "  PushInt 0\n"
                         "  BinOp ==\n"
                         "  Update 2\n"
                         "  Pop 2\n"
                         "  Unwind\n");
}

TEST(GCompile, BoolConstructorsArePacked) {
  Compiled c = gcompile("defn main = { True }\ndefn f = { False }");
  const Supercombinator *main = c.global("main");
  ASSERT_NE(main, nullptr);
  ASSERT_GE(main->code.size(), 1u);
  EXPECT_EQ(main->code[0].op, Op::Pack);
  EXPECT_EQ(main->code[0].ctor, TrueId);
  EXPECT_EQ(main->code[0].n, 0);
  EXPECT_EQ(c.code("f"), "f (arity 0):\n"
                         "  Pack False 0\n"
                         "  Update 0\n"
                         "  Unwind\n");
}

} // namespace
} // namespace lazyc
